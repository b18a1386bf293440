package dev.notesbackup.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * Note texts that only survive a lossless path: emoji (with joiners, flags and skin tones), combining
 * marks, other scripts, characters outside the BMP, JSON escapes, Unicode spaces inside a text, and a
 * text of the API's maximum, 2,000 code points. A platform charset that is not UTF-8 alters each.
 */
public final class UnicodeTexts {
    /** Authors that a lossy charset would change. */
    public static final List<String> AUTHORS = List.of("Zoë 🦊", "Ａｎｎ\u0301", "José 中村");

    private UnicodeTexts() {
    }

    /** Texts that a lossy charset would change: each is distinct, and the last is 2,000 code points. */
    public static List<String> samples() {
        List<String> texts = new ArrayList<>(List.of(
                "hello 😀 é",
                "e\u0301 a\u0308 n\u0303 — combining marks, not precomposed",
                "👩‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👍🏽 skin tone",
                "Ελληνικά · русский · עברית · العربية · हिन्दी · 中文 · 日本語 · 한국어",
                "quotes \" and \\ and a tab\tand a line\nbreak",
                "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP: 𐍈 𝄞 🀄",
                "\u00a0leading no-break space and trailing ideographic space\u3000"));
        StringBuilder longText = new StringBuilder();
        String[] cycle = {"a", "é", "😀", "e\u0301", "中"};
        int codePoints = 0;
        for (int i = 0; codePoints < 2000; i++) {
            String piece = cycle[i % cycle.length];
            int count = piece.codePointCount(0, piece.length());
            if (codePoints + count > 2000) {
                piece = "z";
                count = 1;
            }
            longText.append(piece);
            codePoints += count;
        }
        texts.add(longText.toString());
        return texts;
    }
}
