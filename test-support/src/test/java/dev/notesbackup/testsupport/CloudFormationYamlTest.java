package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.constructor.ConstructorException;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;

class CloudFormationYamlTest {

    @Test
    void parse_turnsEveryShortTagIntoItsLongForm() {
        Map<String, Object> parsed = CloudFormationYaml.parse("""
                Ref: !Ref Table
                Condition: !Condition HasEmail
                SubScalar: !Sub "arn:${AWS::Partition}:x"
                SubSequence: !Sub ["${A}-x", {A: !Ref B}]
                GetAttScalar: !GetAtt Db.Endpoint.Address
                GetAttSequence: !GetAtt [Fn, Arn]
                Join: !Join [",", !Ref List]
                Split: !Split [",", !Ref Text]
                Select: !Select [0, !GetAZs ""]
                If: !If [HasEmail, a, !Ref AWS::NoValue]
                Equals: !Equals [!Ref A, ""]
                Not: !Not [!Condition C]
                And: !And [!Condition C, !Condition D]
                Or: !Or [!Condition C, !Condition D]
                FindInMap: !FindInMap [M, k1, k2]
                Base64: !Base64 text
                Cidr: !Cidr [10.0.0.0/16, 4, 8]
                GetAZs: !GetAZs us-east-1
                ImportValue: !ImportValue Exported
                """);

        assertThat(parsed).containsEntry("Ref", Map.of("Ref", "Table"))
                .containsEntry("Condition", Map.of("Condition", "HasEmail"))
                .containsEntry("SubScalar", Map.of("Fn::Sub", "arn:${AWS::Partition}:x"))
                .containsEntry("SubSequence", Map.of("Fn::Sub", List.of("${A}-x", Map.of("A", Map.of("Ref", "B")))))
                .containsEntry("GetAttScalar", Map.of("Fn::GetAtt", List.of("Db", "Endpoint.Address")))
                .containsEntry("GetAttSequence", Map.of("Fn::GetAtt", List.of("Fn", "Arn")))
                .containsEntry("Join", Map.of("Fn::Join", List.of(",", Map.of("Ref", "List"))))
                .containsEntry("Split", Map.of("Fn::Split", List.of(",", Map.of("Ref", "Text"))))
                .containsEntry("Select", Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))))
                .containsEntry("If", Map.of("Fn::If", List.of("HasEmail", "a", Map.of("Ref", "AWS::NoValue"))))
                .containsEntry("Equals", Map.of("Fn::Equals", List.of(Map.of("Ref", "A"), "")))
                .containsEntry("Not", Map.of("Fn::Not", List.of(Map.of("Condition", "C"))))
                .containsEntry("And", Map.of("Fn::And", List.of(Map.of("Condition", "C"), Map.of("Condition", "D"))))
                .containsEntry("Or", Map.of("Fn::Or", List.of(Map.of("Condition", "C"), Map.of("Condition", "D"))))
                .containsEntry("FindInMap", Map.of("Fn::FindInMap", List.of("M", "k1", "k2")))
                .containsEntry("Base64", Map.of("Fn::Base64", "text"))
                .containsEntry("Cidr", Map.of("Fn::Cidr", List.of("10.0.0.0/16", 4, 8)))
                .containsEntry("GetAZs", Map.of("Fn::GetAZs", "us-east-1"))
                .containsEntry("ImportValue", Map.of("Fn::ImportValue", "Exported"));
    }

    @Test
    void parse_rejectsUnknownTagsAndDuplicateKeys() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("A: !Reff X\n")).isInstanceOf(ConstructorException.class);
        assertThatThrownBy(() -> CloudFormationYaml.parse("A: 1\nA: 2\n")).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void evaluator_buildsPerEntryArns_fromACommaDelimitedList() {
        Map<String, Object> parsed = CloudFormationYaml.parse("""
                Arns: !Split [",", !Sub ["arn:x:table/${T}", {T: !Join [",arn:x:table/", !Ref Tables]}]]
                Dynamic: !Join [!Sub ",${AWS::Region}", !Ref Tables]
                """);
        IntrinsicEvaluator evaluator = new IntrinsicEvaluator(Map.of("Tables", List.of("a", "b"), "AWS::Region", "r"));

        assertThat(evaluator.evaluateStrings(parsed.get("Arns"))).containsExactly("arn:x:table/a", "arn:x:table/b");
        // CloudFormation requires a literal Join delimiter; so does the evaluator.
        assertThatThrownBy(() -> evaluator.evaluate(parsed.get("Dynamic"))).isInstanceOf(IllegalArgumentException.class);
    }
}
