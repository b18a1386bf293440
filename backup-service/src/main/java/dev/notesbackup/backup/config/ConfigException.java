package dev.notesbackup.backup.config;

/** A configuration value was missing or malformed; the message names the variable, the value and the expected form. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public static ConfigException invalid(String variable, String value, String expected) {
        return new ConfigException("Invalid " + variable + "='" + value + "': expected " + expected);
    }
}
