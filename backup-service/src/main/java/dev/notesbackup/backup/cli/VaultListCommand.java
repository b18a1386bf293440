package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.vault.restore.VaultExport;
import dev.notesbackup.backup.vault.restore.VaultLocation;
import dev.notesbackup.backup.vault.restore.VaultReader;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the vault's exports per table, oldest slot first: export time, items, size, status",
                "(COMPLETED, FAILED, IN_PROGRESS, INCOMPLETE) and the Object Lock date they are locked until.",
                "Exits 1 when the vault holds no export there."},
        footer = ExitCodes.FOOTER)
final class VaultListCommand extends OperatorCommand {
    @Mixin
    VaultOptions vault;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "The app account's folder (default: every folder of the bucket).")
    String prefix;

    @Option(names = "--table", paramLabel = "TABLE", description = "Only this table (needs --prefix).")
    String table;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        VaultLocation location = vault.location(prefix);
        PrintStream out = context.out();
        try (S3Client s3 = context.s3().apply(aws)) {
            List<VaultExport> exports = new VaultReader(s3, context.clock()).exports(location, Optional.ofNullable(table));
            if (exports.isEmpty()) {
                out.println("The vault holds no export" + (table == null ? "" : " of table " + table) + " under "
                        + location.describe() + ".");
                return ExitCodes.FAILED;
            }
            String current = null;
            for (VaultExport e : exports) {
                String heading = e.prefix() + "/" + e.table();
                if (!heading.equals(current)) {
                    current = heading;
                    long count = exports.stream().filter(x -> x.prefix().equals(e.prefix()) && x.table().equals(e.table())).count();
                    out.printf("%n%s (s3://%s/%s/): %d exports%n", e.table(), location.bucket(), heading, count);
                    out.printf("  %-20s  %-24s  %10s  %12s  %-11s  %s%n", "SLOT", "EXPORT TIME", "ITEMS", "SIZE", "STATUS", "LOCKED UNTIL");
                }
                out.printf("  %-20s  %-24s  %10s  %12s  %-11s  %s%n", e.slot(), orDash(e.exportTime()), orDash(e.itemCount()),
                        orDash(e.sizeBytes()), e.status(), e.lockedUntil() == null ? "not locked" : e.lockedUntil());
                e.notes().forEach(note -> out.println("      " + note));
            }
            return ExitCodes.OK;
        }
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
