package dev.notesbackup.notes.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Times on the command line: {@code 2024-05-01T10:00:00Z}, {@code 2024-05-01T12:00:00+02:00}, {@code 2024-05-01} (UTC midnight) or epoch milliseconds. */
final class Times implements CommandLine.ITypeConverter<Instant> {
    static Instant parse(String value) {
        String text = value.strip();
        try {
            if (text.matches("[0-9]{1,15}")) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            if (text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a time: use 2024-05-01T10:00:00Z, 2024-05-01 (UTC) or epoch milliseconds");
        }
    }

    @Override
    public Instant convert(String value) {
        return parse(value);
    }
}
