package dev.notesbackup.testsupport.lambdaruntime;

import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.Samconfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * The DynamoDB tables a template declares, created on the local AWS under the physical names
 * CloudFormation would give them in the samconfig env's stack, with the template's keys and indexes
 * (what the function's queries need); deployment-only properties are CloudFormation's business.
 */
public final class TemplateTables {
    private TemplateTables() {
    }

    /** Creates every {@code AWS::DynamoDB::Table} of the env's template; returns logical id to physical name. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> create(DynamoDbClient dynamo, Samconfig.Env env) {
        Map<String, Object> resources = (Map<String, Object>) CloudFormationYaml.load(env.templateFile()).get("Resources");
        Map<String, String> names = new LinkedHashMap<>();
        resources.forEach((logicalId, declaration) -> {
            Map<String, Object> resource = (Map<String, Object>) declaration;
            if (!"AWS::DynamoDB::Table".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> p = (Map<String, Object>) resource.get("Properties");
            String name = FunctionDefinition.physicalName(env.stackName(), logicalId);
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            for (Object index : (List<Object>) p.getOrDefault("GlobalSecondaryIndexes", List.of())) {
                Map<String, Object> i = (Map<String, Object>) index;
                indexes.add(GlobalSecondaryIndex.builder()
                        .indexName((String) i.get("IndexName"))
                        .keySchema(keys(i.get("KeySchema")))
                        .projection(Projection.builder().projectionType(
                                (String) ((Map<String, Object>) i.get("Projection")).get("ProjectionType")).build())
                        .build());
            }
            dynamo.createTable(r -> {
                r.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(keys(p.get("KeySchema")))
                        .attributeDefinitions(((List<Object>) p.get("AttributeDefinitions")).stream()
                                .map(a -> (Map<String, Object>) a)
                                .map(a -> AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                                        .attributeType((String) a.get("AttributeType")).build())
                                .toList());
                if (!indexes.isEmpty()) {
                    r.globalSecondaryIndexes(indexes);
                }
            });
            names.put(logicalId, name);
        });
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<KeySchemaElement> keys(Object schema) {
        return ((List<Object>) schema).stream()
                .map(k -> (Map<String, Object>) k)
                .map(k -> KeySchemaElement.builder().attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType")).build())
                .toList();
    }
}
