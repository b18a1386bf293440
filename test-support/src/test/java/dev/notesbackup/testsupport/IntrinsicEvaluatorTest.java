package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicEvaluatorTest {
    static final Map<String, Object> TEMPLATE = CloudFormationYaml.parse(String.join("\n",
            "Conditions:",
            "  IsOn: !Equals [!Ref Flag, 'yes']",
            "Value:",
            "  Items: [a, !If [IsOn, b, !Ref AWS::NoValue], c]",
            "  Entry: !If [IsOn, !Ref Name, !Ref AWS::NoValue]",
            "  Other: !If [IsOn, x, y]"));

    @SuppressWarnings("unchecked")
    static Map<String, Object> evaluate(String flag) {
        return (Map<String, Object>) new IntrinsicEvaluator(Map.of("Flag", flag, "Name", "n"))
                .withConditions((Map<String, Object>) TEMPLATE.get("Conditions")).evaluate(TEMPLATE.get("Value"));
    }

    @Test
    void fnIf_takesTheBranchOfItsCondition_andNoValueRemovesTheItemOrEntry() {
        assertThat(evaluate("yes")).isEqualTo(Map.of("Items", List.of("a", "b", "c"), "Entry", "n", "Other", "x"));
        assertThat(evaluate("no")).isEqualTo(Map.of("Items", List.of("a", "c"), "Other", "y"));
    }

    @Test
    void fnIf_withoutTheConditions_isAnError() {
        assertThatThrownBy(() -> new IntrinsicEvaluator(Map.of("Flag", "yes", "Name", "n")).evaluate(TEMPLATE.get("Value")))
                .hasMessageContaining("Fn::If names condition IsOn");
    }
}
