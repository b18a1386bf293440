package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.cli.AwsOptions;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Real clients for the CLI, built only when a command needs them. */
final class Clients {
    private Clients() {
    }

    static DynamoDbClient dynamoDb(AwsOptions aws) {
        return AwsClients.dynamoDb(AwsClients.httpClient(), aws.target());
    }

    static DynamoDbClient dynamoDbWithRetries(AwsOptions aws) {
        return AwsClients.dynamoDbWithRetries(AwsClients.httpClient(), aws.target());
    }

    static S3Client s3(AwsOptions aws) {
        return AwsClients.s3(AwsClients.httpClient(), aws.target());
    }

    static CloudFormationClient cloudFormation(AwsOptions aws) {
        return AwsClients.cloudFormation(AwsClients.httpClient(), aws.target());
    }
}
