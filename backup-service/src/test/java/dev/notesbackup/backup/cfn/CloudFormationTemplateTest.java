package dev.notesbackup.backup.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationTemplateTest {
    static final String YAML = String.join("\n",
            "AWSTemplateFormatVersion: '2010-09-09'",
            "Transform: AWS::Serverless-2016-10-31",
            "Metadata:",
            "  ProjectIdentity: notes-backup/notes-stack",
            "Parameters:",
            "  Stage: {Type: String}",
            "  AllowedOrigins: {Type: CommaDelimitedList}",
            "Conditions:",
            "  IsProd: !Equals [!Ref Stage, prod]",
            "Resources:",
            "  NotesTable:",
            "    Type: AWS::DynamoDB::Table",
            "    DeletionPolicy: Retain",
            "    UpdateReplacePolicy: !If [IsProd, Retain, Delete]",
            "    Properties:",
            "      TableName: !Sub '${Stage}-notes'",
            "      Tags: !MyOwnMacro {team: notes}",
            "      StreamSpecification: !Transform",
            "        Name: Anything",
            "  Fn:",
            "    Type: AWS::Serverless::Function",
            "    Properties:",
            "      Environment: {Variables: {TABLE: !Ref NotesTable, ARN: !GetAtt NotesTable.Arn}}",
            "      Code: !Base64 |",
            "        print('hi')",
            "");

    @Test
    void parse_readsIdentityAndPoliciesWithEveryShortTagInLongForm_whenYamlHasIntrinsicsAndUnknownMacros() {
        CloudFormationTemplate template = CloudFormationTemplate.parse(YAML);

        assertThat(template.projectIdentity()).hasValue("notes-backup/notes-stack");
        assertThat(template.parameterNames()).containsExactly("Stage", "AllowedOrigins");
        assertThat(template.resourceType("NotesTable")).hasValue("AWS::DynamoDB::Table");
        assertThat(template.resourceAttribute("NotesTable", "DeletionPolicy")).hasValue("Retain");
        assertThat(template.resourceAttribute("NotesTable", "UpdateReplacePolicy")).hasValue("{Fn::If=[IsProd, Retain, Delete]}");
        assertThat(template.resourceAttribute("Fn", "DeletionPolicy")).isEmpty();
        assertThat(template.hasResource("Fn")).isTrue();
        assertThat(template.hasResource("Missing")).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                template.document().get("Resources")).get("NotesTable")).get("Properties");
        assertThat(props.get("TableName")).isEqualTo(Map.of("Fn::Sub", "${Stage}-notes"));
        assertThat(props.get("Tags")).isEqualTo(Map.of("Fn::MyOwnMacro", Map.of("team", "notes")));
        assertThat(props.get("StreamSpecification")).isEqualTo(Map.of("Fn::Transform", Map.of("Name", "Anything")));
    }

    @Test
    void parse_readsJson_whenSlashesAreEscapedAndValuesAreNumbers() {
        CloudFormationTemplate template = CloudFormationTemplate.parse(
                " {\"Metadata\": {\"ProjectIdentity\": \"a\\/b\"}, \"Resources\": {\"T\": {\"Type\": \"AWS::DynamoDB::Table\","
                        + " \"DeletionPolicy\": \"Retain\", \"Properties\": {\"N\": [1, 2.5, true, null]}}}}");

        assertThat(template.projectIdentity()).hasValue("a/b");
        assertThat(template.resourceAttribute("T", "DeletionPolicy")).hasValue("Retain");
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) ((Map<String, Object>) template.document().get("Resources")).get("T");
        assertThat(((Map<?, ?>) t.get("Properties")).get("N")).isEqualTo(java.util.Arrays.asList(1, 2.5, true, null));
    }

    @Test
    void projectIdentity_isEmpty_whenMetadataIsMissingOrBlank() {
        assertThat(CloudFormationTemplate.parse("Resources: {}").projectIdentity()).isEmpty();
        assertThat(CloudFormationTemplate.parse("Metadata: {ProjectIdentity: '  '}").projectIdentity()).isEmpty();
        assertThat(CloudFormationTemplate.parse("{}").projectIdentity()).isEmpty();
        assertThat(CloudFormationTemplate.parse("Metadata: [a, b]").projectIdentity()).isEmpty();
    }

    @Test
    void parse_rejectsWithAClearMessage_whenTheBodyIsNotATemplate() {
        for (String bad : List.of("", "   ", "- a\n- b", "just text", "{\"a\": 1} trailing", "{\"a\": ", "a: [unclosed")) {
            assertThatThrownBy(() -> CloudFormationTemplate.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the template is");
        }
    }

    @Test
    void parse_keepsEscapedBackslashesAndQuotes_whenJsonHasTabsAndEscapedSlashes() {
        String json = "{\t\"a\": \"x\\\\/y \\\"q\\\" z\\/w\"}";

        assertThat(CloudFormationTemplate.parse(json).document()).containsEntry("a", "x\\/y \"q\" z/w");
    }
}
