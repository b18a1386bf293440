package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackupListingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode backup(String arn, String created, String type) {
        ObjectNode node = JSON.createObjectNode();
        node.put("BackupArn", arn);
        node.put("BackupCreationDateTime", new BigDecimal(created));
        node.put("BackupType", type);
        return node;
    }

    private static List<String> arns(BackupListing.Page page) {
        return page.summaries().stream().map(s -> s.get("BackupArn").asText()).toList();
    }

    private static BackupListing.Page page(List<ObjectNode> all, String type, String lower, String upper, int limit,
                                           BackupListing.Key after) {
        return BackupListing.page(all, new BackupListing.Query(type,
                lower == null ? null : new BigDecimal(lower), upper == null ? null : new BigDecimal(upper), limit, after));
    }

    private final List<ObjectNode> mixed = List.of(
            backup("arn:c", "1000.000", "USER"),
            backup("arn:a", "1000.000", "USER"),
            backup("arn:sys", "999.5", "SYSTEM"),
            backup("arn:aws", "1001", "AWS_BACKUP"),
            backup("arn:b", "1000.5", "USER"));

    @Test
    void page_filtersByType_andSortsByTimeThenArn() {
        assertThat(arns(page(mixed, "USER", null, null, 100, null))).containsExactly("arn:a", "arn:c", "arn:b");
        assertThat(arns(page(mixed, "SYSTEM", null, null, 100, null))).containsExactly("arn:sys");
        assertThat(arns(page(mixed, "AWS_BACKUP", null, null, 100, null))).containsExactly("arn:aws");
        assertThat(arns(page(mixed, "ALL", null, null, 100, null)))
                .containsExactly("arn:sys", "arn:a", "arn:c", "arn:b", "arn:aws");
    }

    @Test
    void page_lowerBoundIsInclusive_upperBoundIsExclusive_withFractionalSeconds() {
        assertThat(arns(page(mixed, "ALL", "1000.0", "1000.5", 100, null))).containsExactly("arn:a", "arn:c");
        assertThat(arns(page(mixed, "ALL", "1000.5", null, 100, null))).containsExactly("arn:b", "arn:aws");
        assertThat(arns(page(mixed, "ALL", null, "1000", 100, null))).containsExactly("arn:sys");
        assertThat(arns(page(mixed, "ALL", "999.501", "1000", 100, null))).isEmpty();
    }

    @Test
    void page_returnsEveryBackupOnce_andTheCursorOnlyWhenMoreFollow() {
        List<ObjectNode> many = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            many.add(backup("arn:" + i, Integer.toString(5000 + i / 3), "USER")); // ties on time
        }
        Collections.shuffle(many, new Random(1));
        List<String> seen = new ArrayList<>();
        BackupListing.Key after = null;
        int pages = 0;
        while (true) {
            BackupListing.Page page = page(many, "USER", null, null, 5, after);
            pages++;
            seen.addAll(arns(page));
            if (page.lastEvaluatedBackupArn() == null) {
                break;
            }
            assertThat(page.summaries()).hasSize(5);
            assertThat(page.lastEvaluatedBackupArn()).isEqualTo(arns(page).get(4));
            after = BackupListing.Key.of(page.summaries().get(4));
        }
        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(23);
        assertThat(new HashSet<>(seen)).hasSize(23);
    }

    @Test
    void page_exactlyFullLastPage_hasNoCursor() {
        BackupListing.Page page = page(mixed, "USER", null, null, 3, null);
        assertThat(page.summaries()).hasSize(3);
        assertThat(page.lastEvaluatedBackupArn()).isNull();
    }

    @Test
    void page_resumesAfterAKeyThatIsNoLongerListed() {
        BackupListing.Key gone = new BackupListing.Key(new BigDecimal("1000.000"), "arn:b0"); // between a and c
        assertThat(arns(page(mixed, "USER", null, null, 100, gone))).containsExactly("arn:c", "arn:b");
        Set<String> none = Set.copyOf(arns(page(mixed, "USER", null, null, 100, BackupListing.Key.of(mixed.get(4)))));
        assertThat(none).isEmpty();
    }
}
