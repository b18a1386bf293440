package dev.notesbackup.notes.replay;

import java.util.List;

/**
 * What a replay did. Every unit read is counted exactly once:
 * {@code read = written + alreadyPresent + rejected + notWal + blank + failed}.
 *
 * @param read           lines or log events read
 * @param written        items put into a table (in a dry run: items that would be offered to a table)
 * @param alreadyPresent items whose key was already in the table: left as they were
 * @param rejected       write-ahead lines that could not be read or checked; reported with their place
 * @param notWal         lines that are not write-ahead lines (e.g. Lambda's START/END/REPORT)
 * @param blank          empty lines
 * @param failed         items whose put failed for another reason (throttling after retries, access denied ...)
 * @param notWalPlaces   the first few places of {@code notWal} lines, so that none is skipped silently
 * @param dryRun         nothing was written
 */
public record ReplaySummary(long read, long written, long alreadyPresent, long rejected, long notWal, long blank,
                            long failed, List<String> notWalPlaces, boolean dryRun) {

    public ReplaySummary {
        notWalPlaces = List.copyOf(notWalPlaces);
    }

    public String describe() {
        StringBuilder out = new StringBuilder(dryRun ? "replay (dry run, nothing written): " : "replay: ");
        out.append("read ").append(read)
                .append(", ").append(dryRun ? "would write " : "written ").append(written)
                .append(", already present ").append(alreadyPresent)
                .append(", rejected ").append(rejected)
                .append(", not write-ahead lines ").append(notWal);
        if (!notWalPlaces.isEmpty()) {
            out.append(" (").append(String.join(", ", notWalPlaces));
            if (notWal > notWalPlaces.size()) {
                out.append(", ...");
            }
            out.append(')');
        }
        out.append(", blank ").append(blank)
                .append(", failed ").append(failed);
        return out.toString();
    }

    /** 0: everything readable is in the tables; 3: some lines were rejected; 1: some puts failed. */
    public int exitCode() {
        if (failed > 0) {
            return 1;
        }
        return rejected > 0 ? 3 : 0;
    }
}
