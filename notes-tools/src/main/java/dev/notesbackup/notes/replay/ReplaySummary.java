package dev.notesbackup.notes.replay;

import dev.notesbackup.cli.ExitCodes;
import java.util.List;

/**
 * What a replay did. Every unit read is counted exactly once:
 * {@code read = written + alreadyPresent + rejected + notWal + blank + failed + outsideWindow}.
 *
 * @param read           lines or log events read
 * @param written        items put into a table (in a dry run: items that would be offered to a table)
 * @param alreadyPresent items whose key was already in the table: left as they were
 * @param rejected       write-ahead lines that could not be read or checked (or were altered); reported with their place
 * @param notWal         lines that are not write-ahead lines (e.g. Lambda's START/END/REPORT)
 * @param blank          empty lines
 * @param failed         items whose put failed for another reason (throttling after retries, access denied ...)
 * @param outsideWindow  valid records whose {@code at} is outside the replay's time window: not written
 * @param notWalPlaces   the first few places of {@code notWal} lines, so that none is skipped silently
 * @param outsidePlaces  the first few places of {@code outsideWindow} records
 * @param windowed       a time window applied to the records (then {@code outsideWindow} is reported)
 * @param stopped        why the replay stopped before the end of its input (null if it did not)
 * @param dryRun         nothing was written
 */
public record ReplaySummary(long read, long written, long alreadyPresent, long rejected, long notWal, long blank,
                            long failed, long outsideWindow, List<String> notWalPlaces, List<String> outsidePlaces,
                            boolean windowed, String stopped, boolean dryRun) {

    public ReplaySummary {
        notWalPlaces = List.copyOf(notWalPlaces);
        outsidePlaces = List.copyOf(outsidePlaces);
    }

    public String describe() {
        StringBuilder out = new StringBuilder(dryRun ? "replay (dry run, nothing written): " : "replay: ");
        out.append("read ").append(read)
                .append(", ").append(dryRun ? "would write " : "written ").append(written)
                .append(", already present ").append(alreadyPresent)
                .append(", rejected ").append(rejected)
                .append(", not write-ahead lines ").append(notWal);
        places(out, notWalPlaces, notWal);
        out.append(", blank ").append(blank)
                .append(", failed ").append(failed);
        if (windowed) {
            out.append(", outside the time window ").append(outsideWindow);
            places(out, outsidePlaces, outsideWindow);
        }
        if (stopped != null) {
            out.append("; STOPPED before the end of the input: ").append(stopped);
        }
        return out.toString();
    }

    private static void places(StringBuilder out, List<String> places, long count) {
        if (!places.isEmpty()) {
            out.append(" (").append(String.join(", ", places));
            if (count > places.size()) {
                out.append(", ...");
            }
            out.append(')');
        }
    }

    /** {@link ExitCodes#OK}: everything readable is in the tables; FAILED: some lines rejected or puts failed; ERROR: stopped. */
    public int exitCode() {
        if (stopped != null) {
            return ExitCodes.ERROR;
        }
        return failed > 0 || rejected > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
