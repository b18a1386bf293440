package dev.notesbackup.notes.store;

import java.util.List;

/** What a table holds, with its key attributes; the write-ahead log names it so a replay can map tables. */
public enum Entity {
    NOTE("note", List.of(TableDefinitions.NOTE_ID)),
    REPLY("reply", List.of(TableDefinitions.REPLY_NOTE_ID, TableDefinitions.REPLY_ID));

    private final String wireName;
    private final List<String> keyAttributes;

    Entity(String wireName, List<String> keyAttributes) {
        this.wireName = wireName;
        this.keyAttributes = keyAttributes;
    }

    public String wireName() {
        return wireName;
    }

    /** The table's primary key attributes, partition key first. */
    public List<String> keyAttributes() {
        return keyAttributes;
    }

    public static Entity fromWireName(String name) {
        for (Entity entity : values()) {
            if (entity.wireName.equals(name)) {
                return entity;
            }
        }
        return null;
    }
}
