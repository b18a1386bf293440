package dev.notesbackup.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ListBackups calls a slot's decisions need, computed from the seeded data alone (not from the
 * service), and the check that no page was listed twice. For T tables each with one backup past
 * retention and keep-at-least K, at 100 summaries a page:
 * <ul>
 *   <li>the backups created before the retention cutoff: ceil(E / 100) pages for E expired backups;</li>
 *   <li>the newest earlier days keep-at-least needs beside this slot's own backup, for the tables with
 *       an expired backup: K - 1 daily windows of T backups each, (K - 1) x ceil(T / 100) pages;</li>
 *   <li>this slot's backups, listed again after the creates for copies made by an overlapping run:
 *       ceil(T / 100) pages;</li>
 *   <li>the lookup of this slot's backups already made, before the creates: 1 page (none exist yet).</li>
 * </ul>
 */
record ListingNeed(int expiredPages, int windowPages, int slotPages, int lookupPages) {
    static final int PAGE = 100;

    static ListingNeed of(int tables, int expired, int keepAtLeast) {
        return new ListingNeed(pages(expired), (keepAtLeast - 1) * pages(tables), pages(tables), 1);
    }

    static int pages(int summaries) {
        return Math.max(1, (summaries + PAGE - 1) / PAGE);
    }

    int total() {
        return expiredPages + windowPages + slotPages + lookupPages;
    }

    String formula() {
        return String.format(java.util.Locale.ROOT, "%d expired + %d keep-at-least windows + %d this slot's + %d lookup = %d",
                expiredPages, windowPages, slotPages, lookupPages, total());
    }

    /** One ListBackups answer: what was asked (every filter but the start) and from where, and the backups it gave. */
    record ListCall(String query, String exclusiveStartArn, List<String> arns) {
    }

    /** The pages answered more than once with the same backups for the same query and start: none, if nothing was listed twice. */
    static List<ListCall> listedTwice(List<ListCall> calls) {
        Map<List<Object>, Integer> seen = new HashMap<>();
        return calls.stream()
                .filter(c -> seen.merge(List.of(c.query(), Objects.toString(c.exclusiveStartArn()), c.arns()), 1, Integer::sum) == 2)
                .toList();
    }
}
