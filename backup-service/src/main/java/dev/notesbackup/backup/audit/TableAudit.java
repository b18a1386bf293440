package dev.notesbackup.backup.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The audit of one configured table (or of a prefix that matched no table).
 *
 * @param table        the table's name ({@code prefix*} for a prefix without a match)
 * @param checks       one per {@link Protection} that was checked, in report order
 * @param ourBackups   available backups this service made of the table (by name and prefix)
 * @param newestBackup creation time of the newest of them, null when there is none
 * @param stackName    the CloudFormation stack the table belongs to, null when none or unknown
 * @param logicalId    the table's logical id in that stack, null when none or unknown
 * @param newestVaultExport the export time of the table's newest completed export into the vault, null
 *                     when there is none, it is unknown, or no vault is configured
 */
public record TableAudit(
        String table,
        List<Check> checks,
        int ourBackups,
        Instant newestBackup,
        String stackName,
        String logicalId,
        Instant newestVaultExport) {

    public TableAudit {
        checks = List.copyOf(checks);
    }

    /** Without a vault export. */
    public TableAudit(String table, List<Check> checks, int ourBackups, Instant newestBackup, String stackName, String logicalId) {
        this(table, checks, ourBackups, newestBackup, stackName, logicalId, null);
    }

    /** True when every check is OK or does not apply. */
    public boolean isProtected() {
        return checks.stream().allMatch(c -> c.status().satisfied());
    }

    /** The checks that are MISSING or UNKNOWN. */
    public List<Check> gaps() {
        return checks.stream().filter(c -> !c.status().satisfied()).toList();
    }

    public Optional<Check> check(Protection protection) {
        return checks.stream().filter(c -> c.protection() == protection).findFirst();
    }

    /** The status of {@code protection}, or UNKNOWN when it was not checked. */
    public CheckStatus status(Protection protection) {
        return check(protection).map(Check::status).orElse(CheckStatus.UNKNOWN);
    }
}
