package dev.notesbackup.backup.audit;

import java.util.Objects;

/** One protection of one table: whether it is in place, and a sentence saying what was found. */
public record Check(Protection protection, CheckStatus status, String message) {
    public Check {
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static Check ok(Protection protection, String message) {
        return new Check(protection, CheckStatus.OK, message);
    }

    public static Check missing(Protection protection, String message) {
        return new Check(protection, CheckStatus.MISSING, message);
    }

    public static Check unknown(Protection protection, String message) {
        return new Check(protection, CheckStatus.UNKNOWN, message);
    }

    public static Check notApplicable(Protection protection, String message) {
        return new Check(protection, CheckStatus.NOT_APPLICABLE, message);
    }
}
