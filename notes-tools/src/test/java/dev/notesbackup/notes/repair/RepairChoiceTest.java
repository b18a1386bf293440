package dev.notesbackup.notes.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.notes.store.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RepairChoiceTest {
    private static Map<String, AttributeValue> note(String id, String text) {
        return Map.of("id", AttributeValue.fromS(id), "text", AttributeValue.fromS(text));
    }

    /** changed note:A, note:B; deleted note:C; added note:D, note:E. */
    private final NotesDiff diff = new NotesDiff(NotesDiff.compare(Entity.NOTE,
            List.of(note("A", "a"), note("B", "b"), note("C", "c")),
            List.of(note("A", "x"), note("B", "y"), note("D", "d"), note("E", "e"))));

    private static List<String> refs(List<Difference> chosen) {
        return chosen.stream().map(d -> d.key().ref()).toList();
    }

    private static RepairChoice choice(List<String> keys, boolean allChanged, boolean allDeleted, List<String> deleteAdded,
                                       boolean allAdded) {
        return new RepairChoice(keys, allChanged, allDeleted, deleteAdded, allAdded);
    }

    @Test
    void select_choosesNothingAdded_unlessNamed() {
        assertThat(refs(choice(List.of(), true, true, List.of(), false).select(diff))).containsExactly("note:A", "note:B", "note:C");
        assertThat(refs(choice(List.of("note:B"), false, false, List.of("note:E"), false).select(diff)))
                .containsExactly("note:B", "note:E");
        assertThat(refs(choice(List.of(), false, false, List.of(), true).select(diff))).containsExactly("note:D", "note:E");
    }

    @Test
    void select_listsEachKeyOnce_inTheDiffsOrder() {
        assertThat(refs(choice(List.of("note:C", "note:A", "note:A"), true, false, List.of(), false).select(diff)))
                .containsExactly("note:A", "note:B", "note:C");
    }

    @Test
    void isEmpty_whenNothingChosen() {
        assertThat(choice(List.of(), false, false, List.of(), false).isEmpty()).isTrue();
        assertThat(choice(new ArrayList<>(List.of("note:A")), false, false, List.of(), false).isEmpty()).isFalse();
    }

    @Test
    void select_refusesAnUnknownKey_aMalformedOne_andAnAddedItemChosenAsARestore_allNamedInOneMessage() {
        assertThatThrownBy(() -> choice(List.of("note:Z", "01HX", "note:D"), false, false, List.of("note:A"), false).select(diff))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key note:Z: it was not changed, deleted or added since the copy's time")
                .hasMessageContaining("'01HX' is not a key: expected note:<id> or reply:<noteId>/<id>")
                .hasMessageContaining("note:D was added since the copy's time, not changed or deleted: it can only be deleted,"
                        + " and only with --delete-added note:D")
                .hasMessageContaining("note:A was changed since the copy's time, not added: choose it with --key note:A");
    }
}
