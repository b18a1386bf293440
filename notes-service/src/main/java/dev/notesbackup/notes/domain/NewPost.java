package dev.notesbackup.notes.domain;

/**
 * The content of a new note or reply, valid by construction: text of 1 to {@value Limits#TEXT_MAX}
 * characters and an optional author of 1 to {@value Limits#AUTHOR_MAX}, neither only whitespace,
 * neither with control characters other than tab and line breaks (the author not even those).
 */
public record NewPost(String text, String author) {
    public NewPost {
        checkText("text", text, Limits.TEXT_MAX, true);
        if (author != null) {
            checkText("author", author, Limits.AUTHOR_MAX, false);
        }
    }

    /** Whitespace in Unicode's sense too: every space separator (e.g. U+00A0, U+2007, U+202F), not only Java's. */
    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static void checkText(String field, String value, int max, boolean lineBreaksAllowed) {
        if (value == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        if (value.codePoints().allMatch(NewPost::isSpace)) {
            throw new InvalidInputException(field, field + " must not be empty or only whitespace");
        }
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw new InvalidInputException(field, field + " must be at most " + max + " characters, was " + length);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowedControl = lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t');
            if (Character.isISOControl(c) && !allowedControl) {
                throw new InvalidInputException(field, field + " must not contain control characters");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new InvalidInputException(field, field + " must be valid Unicode text");
                }
                i++;
            }
        }
    }
}
