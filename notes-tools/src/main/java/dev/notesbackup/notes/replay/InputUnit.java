package dev.notesbackup.notes.replay;

/**
 * One unit of replay input: a line of a file, or one log event.
 *
 * @param where   where it came from, for reports: {@code line 12}, {@code line 40 (event 3)}, {@code event 3772... (stream ...)}
 * @param text    the line or the event's message; null if there is none
 * @param problem why the unit could not even be read (damaged export, event without a message); null if it could
 */
public record InputUnit(String where, String text, String problem) {
    public InputUnit(String where, String text) {
        this(where, text, null);
    }

    public static InputUnit unreadable(String where, String problem) {
        return new InputUnit(where, null, problem);
    }
}
