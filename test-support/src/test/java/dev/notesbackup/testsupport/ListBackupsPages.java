package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/** For the tests: ListBackups followed from LastEvaluatedBackupArn to the end (the SDK has no paginator for it). */
final class ListBackupsPages {
    private ListBackupsPages() {
    }

    /** Every page's response, in order; fails past {@code maxPages} (a cursor that never ends). */
    static List<ListBackupsResponse> responses(DynamoDbClient dynamo, Consumer<ListBackupsRequest.Builder> request, int maxPages) {
        List<ListBackupsResponse> pages = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            ListBackupsResponse response = dynamo.listBackups(b -> {
                request.accept(b);
                b.exclusiveStartBackupArn(from);
            });
            pages.add(response);
            start = response.lastEvaluatedBackupArn();
            assertThat(pages).as("runaway paging").hasSizeLessThan(maxPages);
        } while (start != null);
        return pages;
    }

    /** Every page's summaries, in order. */
    static List<List<BackupSummary>> pages(DynamoDbClient dynamo, Consumer<ListBackupsRequest.Builder> request, int maxPages) {
        return responses(dynamo, request, maxPages).stream().map(ListBackupsResponse::backupSummaries).toList();
    }
}
