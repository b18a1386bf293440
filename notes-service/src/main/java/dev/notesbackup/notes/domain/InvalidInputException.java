package dev.notesbackup.notes.domain;

/** Input the domain rules refuse; {@code field} names what was wrong, the message says why (never quoting the input). */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
