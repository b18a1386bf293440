package dev.notesbackup.notes.store;

/** An item that is not a well-formed note or reply. */
public class ItemFormatException extends RuntimeException {
    public ItemFormatException(String message) {
        super(message);
    }
}
