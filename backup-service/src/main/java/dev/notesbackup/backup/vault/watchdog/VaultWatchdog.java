package dev.notesbackup.backup.vault.watchdog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.notesbackup.backup.json.Json;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.VaultJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The watchdog's AWS side: lists the vault bucket (paginated), reads the few completion files
 * {@link StaleExports} asks for, logs the report and its metric, and publishes one SNS message
 * naming every stale table. An error of S3 or SNS propagates (the invocation fails and alarms); a
 * completion file that cannot be read counts as no export, and is logged.
 */
public final class VaultWatchdog {
    private final S3Client s3;
    private final SnsClient sns;
    private final Clock clock;
    private final WatchdogConfig config;
    private final Consumer<String> jsonLines;

    public VaultWatchdog(S3Client s3, SnsClient sns, Clock clock, WatchdogConfig config, Consumer<String> jsonLines) {
        this.s3 = s3;
        this.sns = sns;
        this.clock = clock;
        this.config = config;
        this.jsonLines = jsonLines;
    }

    public WatchdogReport check() {
        List<VaultObject> objects = s3.listObjectsV2Paginator(r -> r.bucket(config.bucket())).contents().stream()
                .map(o -> new VaultObject(o.key(), o.lastModified()))
                .toList();
        Instant now = clock.instant();
        WatchdogReport report = new WatchdogReport(config.bucket(), now, config.maxExportAge(),
                StaleExports.check(objects, config.expectedTables(), new S3ExportFiles(), now, config.maxExportAge()));
        jsonLines.accept(report.toJson());
        jsonLines.accept(report.metricLine());
        if (!report.stale().isEmpty()) {
            sns.publish(r -> r.topicArn(config.topicArn()).subject(report.subject()).message(report.message()));
        }
        return report;
    }

    public WatchdogConfig config() {
        return config;
    }

    private final class S3ExportFiles implements ExportFiles {
        @Override
        public Optional<ExportCompletion> completion(VaultObject file) {
            try {
                return Optional.of(VaultJson.read(read(file), ExportCompletion.class, where(file)));
            } catch (IllegalArgumentException e) {
                unreadable(file, e.getMessage());
                return Optional.empty();
            }
        }

        @Override
        public Optional<Instant> summaryExportTime(VaultObject file) {
            try {
                JsonNode exportTime = VaultJson.mapper().readTree(read(file)).path("exportTime");
                if (exportTime.isTextual()) {
                    return Optional.of(Instant.parse(exportTime.asText()));
                }
                unreadable(file, "no exportTime");
            } catch (IOException | DateTimeParseException e) {
                unreadable(file, e.getMessage());
            }
            return Optional.empty();
        }

        private byte[] read(VaultObject file) {
            return s3.getObjectAsBytes(r -> r.bucket(config.bucket()).key(file.key())).asByteArray();
        }

        private String where(VaultObject file) {
            return "s3://" + config.bucket() + "/" + file.key();
        }

        private void unreadable(VaultObject file, String why) {
            jsonLines.accept(Json.line(json -> {
                json.writeStartObject();
                json.writeStringField("type", "vault-watchdog-unreadable-file");
                json.writeStringField("file", where(file));
                json.writeStringField("error", why);
                json.writeEndObject();
            }));
        }
    }
}
