package dev.notesbackup.notes.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.support.CapturingSink;
import dev.notesbackup.notes.support.NotesOnMoto;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /notes page by page with the cursor, over real HTTP, against moto's Query on the newest index. */
@ExtendWith(MotoExtension.class)
class PagingIT {
    private NotesOnMoto api;

    @BeforeEach
    void start(MotoServer moto) {
        api = NotesOnMoto.start(moto, new CapturingSink());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void list_givesThreePagesNewestFirst_noneTwiceNoneMissing_when25NotesAreListedTenAtATime() {
        List<String> created = createNotes(25);

        List<List<String>> pages = walk(10);

        assertThat(pages).extracting(List::size).containsExactly(10, 10, 5);
        List<String> seen = pages.stream().flatMap(List::stream).toList();
        assertThat(seen).doesNotHaveDuplicates().hasSize(25);
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).as("newest first, in creation order reversed").containsExactlyElementsOf(newestFirst);
        assertThat(seen).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void list_endsWithTheSecondPage_noEmptyThird_when20NotesAreListedTenAtATime() {
        createNotes(20);

        List<List<String>> pages = walk(10);

        assertThat(pages).extracting(List::size).containsExactly(10, 10);
    }

    @Test
    void list_laterPagesNeitherRepeatNorSkipOldNotes_whenNewNotesArriveMidListing() {
        List<String> created = createNotes(12);
        Map<String, Object> first = api.get("/notes?limit=5").expect(200).json();
        createNotes(3);

        List<String> rest = new ArrayList<>();
        String cursor = (String) first.get("nextCursor");
        while (cursor != null) {
            Map<String, Object> page = api.get("/notes?limit=5&cursor=" + cursor).expect(200).json();
            rest.addAll(NotesApiIT.ids(page.get("notes")));
            cursor = (String) page.get("nextCursor");
        }

        List<String> all = new ArrayList<>(NotesApiIT.ids(first.get("notes")));
        all.addAll(rest);
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(all).containsExactlyElementsOf(newestFirst);
    }

    private List<String> createNotes(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(api.createNote("note " + i, i % 2 == 0 ? "ann" : null));
        }
        return ids;
    }

    /** Every page of GET /notes?limit=N, following nextCursor (at most 20 pages). */
    private List<List<String>> walk(int limit) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = api.get("/notes?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200).json();
            pages.add(NotesApiIT.ids(page.get("notes")));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null && pages.size() < 20);
        return pages;
    }
}
