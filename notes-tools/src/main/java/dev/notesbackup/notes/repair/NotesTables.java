package dev.notesbackup.notes.repair;

import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.store.Entity;
import java.util.List;

/** The two physical tables of the notes API (the live ones, or a copy of them), by entity. */
public record NotesTables(String notes, String replies) {
    public NotesTables {
        for (String name : List.of(notes, replies)) {
            if (!NotesConfig.TABLE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a DynamoDB table name (3-255 of a-z, A-Z, 0-9, '_', '-', '.')");
            }
        }
        if (notes.equals(replies)) {
            throw new IllegalArgumentException("the notes and the replies table must be different tables, both were " + notes);
        }
    }

    public String table(Entity entity) {
        return entity == Entity.NOTE ? notes : replies;
    }

    /** Both names, notes first. */
    public List<String> names() {
        return List.of(notes, replies);
    }

    @Override
    public String toString() {
        return "notes " + notes + ", replies " + replies;
    }
}
