package dev.notesbackup.backup.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.backup.json.Json;
import dev.notesbackup.testsupport.CloudFormationYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The import generated from the notes stack's template as the repository ships it
 * (notes-service/template.yaml), parsed back. moto cannot run IMPORT change sets (it takes them
 * for CREATE: see AdoptCommandIT), so what the command generates is what is tested.
 */
class ResourceImportTest {
    static final String RESTORED = "quarantine-notes-NotesTable-restored";

    final CloudFormationTemplate shipped = shippedNotesTemplate();

    /** notes-service/template.yaml as shipped (the system property notes.template may name another copy). */
    static Path shippedNotesTemplateFile() {
        return CloudFormationYaml.templateFile("notes.template", "notes-service/template.yaml");
    }

    static CloudFormationTemplate shippedNotesTemplate() {
        try {
            return CloudFormationTemplate.parse(Files.readString(shippedNotesTemplateFile()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A table restored from a backup of the shipped NotesTable: its key schema and attributes. */
    static TableDescription restoredNotesTable() {
        return TableDescription.builder().tableName(RESTORED)
                .tableArn("arn:aws:dynamodb:us-east-1:123456789012:table/" + RESTORED)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("feed").attributeType(ScalarAttributeType.S))
                .build();
    }

    @Test
    void plan_ofTheShippedNotesTemplate_namesTheTableRetainsItAndChangesNothingElse() throws Exception {
        ResourceImport.Plan plan = ResourceImport.plan("quarantine-notes", shipped, shipped, "NotesTable", restoredNotesTable());

        Map<String, Object> imported = CloudFormationTemplate.parse(plan.templateBody()).document();
        Map<String, Object> original = normalized(shipped.document());
        Map<String, Object> notesTable = mapping(mapping(imported.get("Resources")).get("NotesTable"));
        Map<String, Object> shippedNotesTable = mapping(mapping(original.get("Resources")).get("NotesTable"));
        assertThat(notesTable.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(notesTable.get("UpdateReplacePolicy")).isEqualTo("Retain");
        Map<String, Object> expectedProperties = new LinkedHashMap<>(mapping(shippedNotesTable.get("Properties")));
        expectedProperties.put("TableName", RESTORED);
        assertThat(notesTable.get("Properties")).isEqualTo(expectedProperties);
        // every other resource, and every other section, exactly as the stack has it
        Map<String, Object> otherResources = new LinkedHashMap<>(mapping(imported.get("Resources")));
        otherResources.remove("NotesTable");
        Map<String, Object> shippedOthers = new LinkedHashMap<>(mapping(original.get("Resources")));
        shippedOthers.remove("NotesTable");
        assertThat(otherResources).isEqualTo(shippedOthers);
        Map<String, Object> sections = new LinkedHashMap<>(imported);
        sections.remove("Resources");
        Map<String, Object> shippedSections = new LinkedHashMap<>(original);
        shippedSections.remove("Resources");
        assertThat(sections).isEqualTo(shippedSections).containsEntry("Transform", "AWS::Serverless-2016-10-31");
        // the role's !GetAtt NotesTable.Arn in the list form JSON templates use
        assertThat(plan.templateBody()).contains("\"Fn::GetAtt\" : [ \"NotesTable\", \"Arn\" ]");

        assertThat(plan.resourcesToImport()).singleElement().satisfies(r -> {
            assertThat(r.resourceType()).isEqualTo("AWS::DynamoDB::Table");
            assertThat(r.logicalResourceId()).isEqualTo("NotesTable");
            assertThat(r.resourceIdentifier()).isEqualTo(Map.of("TableName", RESTORED));
        });
        assertThat(Json.mapper().readValue(plan.resourcesToImportJson(), List.class)).isEqualTo(List.of(Map.of(
                "ResourceType", "AWS::DynamoDB::Table", "LogicalResourceId", "NotesTable", "ResourceIdentifier", Map.of("TableName", RESTORED))));
    }

    @Test
    void plan_refusesATableWhoseKeySchemaDiffers_fromTheShippedTemplates() {
        TableDescription replies = TableDescription.builder().tableName("quarantine-notes-RepliesTable-restored")
                .keySchema(k -> k.attributeName("noteId").keyType(KeyType.HASH), k -> k.attributeName("id").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("noteId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .build();

        assertThatThrownBy(() -> ResourceImport.plan("quarantine-notes", shipped, shipped, "NotesTable", replies))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table quarantine-notes-RepliesTable-restored does not match NotesTable: its key schema is"
                        + " [id RANGE, noteId HASH], the template declares [id HASH]; imported, it would drift from its template"
                        + " from the start. Adopt a table restored from NotesTable's own backups.");
    }

    @Test
    void plan_refusesDifferentAttributeDefinitions_evenWithTheSameKey() {
        TableDescription noIndexAttribute = restoredNotesTable().toBuilder()
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)).build();

        assertThatThrownBy(() -> ResourceImport.plan("quarantine-notes", shipped, shipped, "NotesTable", noIndexAttribute))
                .hasMessageContaining("its attribute definitions is [id S], the template declares [feed S, id S]");
    }

    @Test
    void plan_refusesAnUnknownLogicalId_namingTheTemplatesTables() {
        assertThatThrownBy(() -> ResourceImport.plan("quarantine-notes", shipped, shipped, "NoteTable", restoredNotesTable()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the template has no resource with logical id NoteTable; its tables are NotesTable, RepliesTable");
    }

    @Test
    void plan_refusesALogicalIdThatIsNotATable() {
        assertThatThrownBy(() -> ResourceImport.plan("quarantine-notes", shipped, shipped, "NotesApiRole", restoredNotesTable()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("logical id NotesApiRole is a AWS::IAM::Role, not an AWS::DynamoDB::Table: only a table can be adopted");
    }

    /** The shipped template as the import template holds it: GetAtt in its list form. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalized(Map<String, Object> document) {
        return (Map<String, Object>) ResourceImport.longFormGetAtt(document);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
