package dev.notesbackup.backup.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.notesbackup.backup.json.Json;
import dev.notesbackup.backup.vault.restore.VaultLocation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of one protection audit: one entry per configured table.
 *
 * @param at             when the audit ran; backup ages are measured from here
 * @param schedulePeriod how often the backup schedule runs
 * @param staleAfter     a newest backup older than this counts as missing
 * @param namePrefix     the prefix of the backup names this service makes
 * @param tables         one entry per table (or unmatched prefix), in configuration order
 * @param vault          the vault the tables are exported to, null when none is configured
 */
public record AuditReport(
        Instant at,
        Duration schedulePeriod,
        Duration staleAfter,
        String namePrefix,
        List<TableAudit> tables,
        VaultLocation vault) {
    private static final String[] COLUMNS = {"TABLE", "EXISTS", "DEL-PROTECTION", "PITR", "LAST BACKUP",
            "DELETION-POLICY", "REPLACE-POLICY", "STACK"};

    public AuditReport {
        tables = List.copyOf(tables);
    }

    /** Without a vault. */
    public AuditReport(Instant at, Duration schedulePeriod, Duration staleAfter, String namePrefix, List<TableAudit> tables) {
        this(at, schedulePeriod, staleAfter, namePrefix, tables, null);
    }

    /** True when every table has every protection that applies to it (nothing MISSING or UNKNOWN). */
    public boolean allProtected() {
        return !tables.isEmpty() && tables.stream().allMatch(TableAudit::isProtected);
    }

    public List<TableAudit> unprotected() {
        return tables.stream().filter(t -> !t.isProtected()).toList();
    }

    /** Age of a table's newest backup of ours at the time of the audit, or null when there is none. */
    public Duration newestBackupAge(TableAudit table) {
        return table.newestBackup() == null ? null : Duration.between(table.newestBackup(), at);
    }

    /** One line: the verdict and the counts. */
    public String summary() {
        return allProtected()
                ? "ALL PROTECTED: " + tables.size() + " of " + tables.size() + " tables have every protection"
                : "NOT PROTECTED: " + unprotected().size() + " of " + tables.size() + " tables miss a protection ("
                        + String.join(", ", unprotected().stream().map(TableAudit::table).toList()) + ")";
    }

    /** The whole report as one JSON object on one line, for machines ({@code audit --json}). */
    public String toJson() {
        return Json.line(this::writeJson);
    }

    private void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "protection-audit");
        json.writeStringField("at", at.toString());
        json.writeBooleanField("allProtected", allProtected());
        json.writeNumberField("schedulePeriodSeconds", schedulePeriod.toSeconds());
        json.writeNumberField("staleAfterSeconds", staleAfter.toSeconds());
        json.writeStringField("namePrefix", namePrefix);
        json.writeArrayFieldStart("tables");
        for (TableAudit t : tables) {
            json.writeStartObject();
            json.writeStringField("table", t.table());
            json.writeBooleanField("protected", t.isProtected());
            json.writeNumberField("ourBackups", t.ourBackups());
            json.writeStringField("newestBackup", t.newestBackup() == null ? null : t.newestBackup().toString());
            Duration age = newestBackupAge(t);
            if (age == null) {
                json.writeNullField("newestBackupAgeSeconds");
            } else {
                json.writeNumberField("newestBackupAgeSeconds", age.toSeconds());
            }
            json.writeStringField("stack", t.stackName());
            json.writeStringField("logicalId", t.logicalId());
            json.writeArrayFieldStart("checks");
            for (Check c : t.checks()) {
                json.writeStartObject();
                json.writeStringField("check", c.protection().name());
                json.writeStringField("status", c.status().name());
                json.writeStringField("message", c.message());
                json.writeEndObject();
            }
            json.writeEndArray();
            if (vault != null) {
                json.writeStringField("newestVaultExport", t.newestVaultExport() == null ? null : t.newestVaultExport().toString());
                if (t.newestVaultExport() == null) {
                    json.writeNullField("newestVaultExportAgeSeconds");
                } else {
                    json.writeNumberField("newestVaultExportAgeSeconds", Duration.between(t.newestVaultExport(), at).toSeconds());
                }
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("vault");
        json.writeBooleanField("configured", vault != null);
        if (vault != null) {
            json.writeStringField("bucket", vault.bucket());
            json.writeStringField("bucketOwner", vault.expectedOwner());
            json.writeStringField("prefix", vault.prefix());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /** A readable table, one row per table, then a sentence for every protection that is missing or unknown. */
    public String toText() {
        List<String[]> rows = new ArrayList<>();
        rows.add(vault == null ? COLUMNS : withVault(COLUMNS, "VAULT EXPORT"));
        for (TableAudit t : tables) {
            Duration age = newestBackupAge(t);
            String backup = cell(t.status(Protection.RECENT_BACKUP))
                    + (age == null ? "" : " " + human(age)) + " (" + t.ourBackups() + ")";
            String[] row = {
                    t.table(),
                    cell(t.status(Protection.EXISTS)),
                    cell(t.status(Protection.DELETION_PROTECTION)),
                    cell(t.status(Protection.POINT_IN_TIME_RECOVERY)),
                    backup,
                    cell(t.status(Protection.DELETION_POLICY)),
                    cell(t.status(Protection.UPDATE_REPLACE_POLICY)),
                    t.stackName() == null ? "-" : t.stackName() + (t.logicalId() == null ? "" : "/" + t.logicalId())};
            rows.add(vault == null ? row : withVault(row, cell(t.status(Protection.VAULT_EXPORT))
                    + (t.newestVaultExport() == null ? "" : " " + human(Duration.between(t.newestVaultExport(), at)))));
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("Protection audit at ").append(at).append(": ").append(summary()).append('\n');
        text.append("Backups every ").append(human(schedulePeriod)).append(", stale after ").append(human(staleAfter))
                .append(", names starting '").append(namePrefix).append("-'.\n");
        text.append(vault == null
                ? "Vault: not configured: every copy of the tables lives in this account, where whoever can delete them can delete it.\n\n"
                : "Vault: " + vault.describe() + (vault.expectedOwner() == null ? "" : " (account " + vault.expectedOwner() + ")")
                        + ": the newest completed export of each table, as DynamoDB reports it.\n\n");
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        for (TableAudit t : unprotected()) {
            text.append('\n').append(t.table()).append(":\n");
            for (Check c : t.gaps()) {
                text.append("  ").append(c.status()).append(' ').append(c.protection().label()).append(": ")
                        .append(c.message()).append('\n');
            }
        }
        return text.toString();
    }

    /** The row with the vault's cell before the last column (the stack, which may be long). */
    private static String[] withVault(String[] row, String vaultCell) {
        String[] wider = java.util.Arrays.copyOf(row, row.length + 1);
        wider[row.length - 1] = vaultCell;
        wider[row.length] = row[row.length - 1];
        return wider;
    }

    private static String cell(CheckStatus status) {
        return status == CheckStatus.NOT_APPLICABLE ? "n/a" : status.name();
    }

    /** E.g. {@code 1d12h}, {@code 5h3m}, {@code 42s}. */
    static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m";
        }
        return seconds + "s";
    }
}
