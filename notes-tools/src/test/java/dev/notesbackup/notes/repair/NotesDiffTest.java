package dev.notesbackup.notes.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.notes.store.Entity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class NotesDiffTest {
    private static Map<String, AttributeValue> note(String id, String text) {
        return Map.of("id", AttributeValue.fromS(id), "feed", AttributeValue.fromS("all"), "text", AttributeValue.fromS(text),
                "createdAt", AttributeValue.fromS("2024-05-01T10:00:00.000Z"));
    }

    private static Map<String, AttributeValue> reply(String noteId, String id, String text) {
        return Map.of("noteId", AttributeValue.fromS(noteId), "id", AttributeValue.fromS(id), "text", AttributeValue.fromS(text),
                "createdAt", AttributeValue.fromS("2024-05-01T10:00:00.000Z"));
    }

    private static List<String> refs(List<Difference> differences) {
        return differences.stream().map(d -> d.kind().word() + " " + d.key().ref()).toList();
    }

    @Test
    void compare_namesEachChangedDeletedAndAddedKey_andNothingThatIsEqual() {
        List<Map<String, AttributeValue>> asOf = List.of(note("A", "same"), note("B", "before 😀"), note("C", "gone"));
        List<Map<String, AttributeValue>> live = List.of(note("A", "same"), note("B", "after"), note("D", "new"));

        List<Difference> differences = new NotesDiff(NotesDiff.compare(Entity.NOTE, asOf, live)).differences();

        assertThat(refs(differences)).containsExactly("changed note:B", "deleted note:C", "added note:D");
        assertThat(differences.get(0).asOf()).isEqualTo(note("B", "before 😀"));
        assertThat(differences.get(0).live()).isEqualTo(note("B", "after"));
        assertThat(differences.get(0).changedAttributes()).containsExactly("text");
        assertThat(differences.get(1).live()).isNull();
        assertThat(differences.get(2).asOf()).isNull();
    }

    @Test
    void compare_seesAnAttributeAddedOrRemoved_asAChange() {
        Map<String, AttributeValue> withAuthor = new java.util.HashMap<>(note("A", "t"));
        withAuthor.put("author", AttributeValue.fromS("Zoë 🦊"));
        Map<String, AttributeValue> withExtra = new java.util.HashMap<>(note("A", "t"));
        withExtra.put("flag", AttributeValue.fromBool(true));

        Difference d = NotesDiff.compare(Entity.NOTE, List.of(withAuthor), List.of(withExtra)).get(0);

        assertThat(d.kind()).isEqualTo(Difference.Kind.CHANGED);
        assertThat(d.changedAttributes()).containsExactly("author", "flag");
    }

    @Test
    void compare_isEmpty_whenTheTablesHoldTheSameItems() {
        List<Map<String, AttributeValue>> items = List.of(reply("N1", "R1", "a"), reply("N1", "R2", "b"));
        assertThat(new NotesDiff(NotesDiff.compare(Entity.REPLY, items, List.of(items.get(1), items.get(0)))).isEmpty()).isTrue();
    }

    /** The same items in any scan order give the same list: notes first, then by partition key, then sort key. */
    @Test
    void diff_isInOneOrder_whateverOrderTheScansReturned() {
        List<Map<String, AttributeValue>> asOfNotes = new ArrayList<>();
        List<Map<String, AttributeValue>> liveNotes = new ArrayList<>();
        List<Map<String, AttributeValue>> asOfReplies = new ArrayList<>();
        List<Map<String, AttributeValue>> liveReplies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = String.format("N%02d", i);
            asOfNotes.add(note(id, "t"));
            liveNotes.add(note(id, i % 3 == 0 ? "changed" : "t"));
            asOfReplies.add(reply("N" + (i % 4), String.format("R%02d", i), "r"));
            if (i % 5 != 0) {
                liveReplies.add(reply("N" + (i % 4), String.format("R%02d", i), "r"));
            }
        }
        liveReplies.add(reply("N0", "R99", "added"));
        List<String> first = null;
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(asOfNotes, random);
            Collections.shuffle(liveNotes, random);
            Collections.shuffle(asOfReplies, random);
            Collections.shuffle(liveReplies, random);
            List<Difference> all = new ArrayList<>(NotesDiff.compare(Entity.REPLY, asOfReplies, liveReplies));
            all.addAll(NotesDiff.compare(Entity.NOTE, asOfNotes, liveNotes));
            List<String> listed = refs(new NotesDiff(all).differences());
            if (first == null) {
                first = listed;
            }
            assertThat(listed).isEqualTo(first);
        }
        assertThat(first).startsWith("changed note:N00", "changed note:N03").endsWith("deleted reply:N3/R15");
        assertThat(first).containsSubsequence("changed note:N27", "deleted reply:N0/R00", "deleted reply:N0/R20",
                "added reply:N0/R99", "deleted reply:N1/R05");
        assertThat(first).hasSize(10 + 6 + 1);
    }

    @Test
    void compare_refusesAScanThatReturnedAKeyTwice() {
        assertThatThrownBy(() -> NotesDiff.compare(Entity.NOTE, List.of(note("A", "x"), note("A", "y")), List.of()))
                .hasMessageContaining("note:A twice");
    }

    @Test
    void counts_andByRef_nameEveryDifference() {
        NotesDiff diff = new NotesDiff(NotesDiff.compare(Entity.NOTE, List.of(note("A", "a"), note("B", "b")),
                List.of(note("A", "x"), note("C", "c"))));
        assertThat(diff.counts()).isEqualTo("changed 1, deleted 1, added 1");
        assertThat(diff.byRef()).containsOnlyKeys("note:A", "note:B", "note:C");
    }
}
