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
 *   <li>the newest earlier days keep-at-least needs, for the tables with an expired backup: K daily
 *       windows of T backups each, K x ceil(T / 100) pages. Keep-at-least counts the slots with an
 *       AVAILABLE backup (RetentionPolicy), and this slot's own backup is CREATING when CreateBackup
 *       answers, as on AWS, so until it is seen AVAILABLE an expired backup may go only once K newer
 *       slots are in view;</li>
 *   <li>this slot's backups, listed again after the creates for copies made by an overlapping run:
 *       ceil(T / 100) pages;</li>
 *   <li>the lookup of this slot's backups already made, before the creates: 1 page (none exist yet).</li>
 * </ul>
 * {@link #minimum()} is the least any listing could do: K - 1 windows, this slot's backups counted
 * once they are seen AVAILABLE in the listing after the creates, which would hold every deletion
 * until all creates are done (200 s at the account maximum).
 */
record ListingNeed(int expiredPages, int windowPages, int slotPages, int lookupPages, int windowPagesPerDay) {
    static final int PAGE = 100;

    static ListingNeed of(int tables, int expired, int keepAtLeast) {
        return new ListingNeed(pages(expired), keepAtLeast * pages(tables), pages(tables), 1, pages(tables));
    }

    static int pages(int summaries) {
        return Math.max(1, (summaries + PAGE - 1) / PAGE);
    }

    int total() {
        return expiredPages + windowPages + slotPages + lookupPages;
    }

    /** Without the window of the oldest day keep-at-least needs, this slot's backups counting instead. */
    int minimum() {
        return total() - windowPagesPerDay;
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
