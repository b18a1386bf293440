package dev.notesbackup.notes.store;

import dev.notesbackup.notes.domain.Ids;
import dev.notesbackup.notes.domain.InvalidInputException;
import dev.notesbackup.notes.domain.NewPost;
import dev.notesbackup.notes.domain.Note;
import dev.notesbackup.notes.domain.Reply;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Notes and replies to and from DynamoDB attribute maps. All attributes are strings:
 * notes {@code id, feed, text, author?, createdAt}; replies {@code noteId, id, text, author?, createdAt}.
 * {@code createdAt} is UTC with milliseconds, e.g. {@code 2024-05-01T10:15:30.123Z}.
 * Reading is strict (it is also how the replay command checks an item before writing it).
 */
public final class ItemMapper {
    public static final String TEXT = "text";
    public static final String AUTHOR = "author";
    public static final String CREATED_AT = "createdAt";
    private static final Set<String> NOTE_ATTRIBUTES = Set.of(
            TableDefinitions.NOTE_ID, TableDefinitions.FEED, TEXT, AUTHOR, CREATED_AT);
    private static final Set<String> REPLY_ATTRIBUTES = Set.of(
            TableDefinitions.REPLY_NOTE_ID, TableDefinitions.REPLY_ID, TEXT, AUTHOR, CREATED_AT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ItemMapper() {
    }

    public static String formatTime(Instant instant) {
        return TIME.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    public static Map<String, AttributeValue> noteKey(String id) {
        return Map.of(TableDefinitions.NOTE_ID, AttributeValue.fromS(id));
    }

    public static Map<String, AttributeValue> replyKey(String noteId, String id) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(TableDefinitions.REPLY_NOTE_ID, AttributeValue.fromS(noteId));
        key.put(TableDefinitions.REPLY_ID, AttributeValue.fromS(id));
        return key;
    }

    public static Map<String, AttributeValue> toItem(Note note) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(TableDefinitions.NOTE_ID, AttributeValue.fromS(note.id()));
        item.put(TableDefinitions.FEED, AttributeValue.fromS(TableDefinitions.FEED_ALL));
        item.put(TEXT, AttributeValue.fromS(note.text()));
        if (note.author() != null) {
            item.put(AUTHOR, AttributeValue.fromS(note.author()));
        }
        item.put(CREATED_AT, AttributeValue.fromS(formatTime(note.createdAt())));
        return item;
    }

    public static Map<String, AttributeValue> toItem(Reply reply) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(TableDefinitions.REPLY_NOTE_ID, AttributeValue.fromS(reply.noteId()));
        item.put(TableDefinitions.REPLY_ID, AttributeValue.fromS(reply.id()));
        item.put(TEXT, AttributeValue.fromS(reply.text()));
        if (reply.author() != null) {
            item.put(AUTHOR, AttributeValue.fromS(reply.author()));
        }
        item.put(CREATED_AT, AttributeValue.fromS(formatTime(reply.createdAt())));
        return item;
    }

    public static Note toNote(Map<String, AttributeValue> item) {
        checkAttributes(item, NOTE_ATTRIBUTES, "note");
        String id = id(item, TableDefinitions.NOTE_ID);
        String feed = string(item, TableDefinitions.FEED, true);
        if (!TableDefinitions.FEED_ALL.equals(feed)) {
            throw new ItemFormatException("note attribute 'feed' must be '" + TableDefinitions.FEED_ALL + "'");
        }
        NewPost post = post(item);
        return new Note(id, post.text(), post.author(), time(item));
    }

    public static Reply toReply(Map<String, AttributeValue> item) {
        checkAttributes(item, REPLY_ATTRIBUTES, "reply");
        String noteId = id(item, TableDefinitions.REPLY_NOTE_ID);
        String id = id(item, TableDefinitions.REPLY_ID);
        NewPost post = post(item);
        return new Reply(noteId, id, post.text(), post.author(), time(item));
    }

    /** Checks that an item is a well-formed item of the entity; throws {@link ItemFormatException} if not. */
    public static void check(Entity entity, Map<String, AttributeValue> item) {
        if (entity == Entity.NOTE) {
            toNote(item);
        } else {
            toReply(item);
        }
    }

    private static void checkAttributes(Map<String, AttributeValue> item, Set<String> allowed, String what) {
        for (String name : item.keySet()) {
            if (!allowed.contains(name)) {
                throw new ItemFormatException(what + " has an unexpected attribute '" + name + "'");
            }
        }
    }

    private static NewPost post(Map<String, AttributeValue> item) {
        String text = string(item, TEXT, true);
        String author = string(item, AUTHOR, false);
        try {
            return new NewPost(text, author);
        } catch (InvalidInputException e) {
            throw new ItemFormatException(e.getMessage());
        }
    }

    private static String id(Map<String, AttributeValue> item, String name) {
        String value = string(item, name, true);
        if (!Ids.isValid(value)) {
            throw new ItemFormatException("attribute '" + name + "' is not a valid id");
        }
        return value;
    }

    private static Instant time(Map<String, AttributeValue> item) {
        String value = string(item, CREATED_AT, true);
        try {
            return Instant.from(TIME.parse(value));
        } catch (DateTimeParseException e) {
            throw new ItemFormatException("attribute 'createdAt' must be a UTC time like 2024-05-01T10:15:30.123Z");
        }
    }

    private static String string(Map<String, AttributeValue> item, String name, boolean required) {
        AttributeValue value = item.get(name);
        if (value == null) {
            if (required) {
                throw new ItemFormatException("attribute '" + name + "' is missing");
            }
            return null;
        }
        if (value.s() == null) {
            throw new ItemFormatException("attribute '" + name + "' must be a string (S)");
        }
        return value.s();
    }
}
