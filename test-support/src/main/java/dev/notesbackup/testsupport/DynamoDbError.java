package dev.notesbackup.testsupport;

/**
 * An error answer of the DynamoDB JSON 1.0 protocol: HTTP status, {@code __type} and message, as
 * AWS words them. The SDK v2 maps the part of {@code __type} after {@code #} to its modelled exception.
 */
final class DynamoDbError extends RuntimeException {
    static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";
    static final String VALIDATION = "com.amazon.coral.validate#ValidationException";
    static final String UNKNOWN_OPERATION = "com.amazon.coral.service#UnknownOperationException";

    private final int status;
    private final String type;

    DynamoDbError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    static DynamoDbError validation(String message) {
        return new DynamoDbError(400, VALIDATION, message);
    }

    /** One of DynamoDB's own modelled client errors, e.g. {@code TableNotFoundException}. */
    static DynamoDbError dynamoDb(String exception, String message) {
        return new DynamoDbError(400, DYNAMODB + exception, message);
    }

    static DynamoDbError of(AwsLimitsProxy.Fault fault) {
        if (!fault.answers()) {
            throw new IllegalArgumentException(fault + " has no error answer");
        }
        return new DynamoDbError(fault.status(), fault.errorType(), fault.message());
    }
}
