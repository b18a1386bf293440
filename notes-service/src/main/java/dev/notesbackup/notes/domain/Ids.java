package dev.notesbackup.notes.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Time-ordered unique ids in the ULID form: 26 characters of Crockford base32, the first 10 the
 * creation time in milliseconds, the other 16 eighty random bits. Ids sort as text in creation
 * order, which is what the tables' sort keys use. Within one process ids are strictly increasing
 * even within one millisecond (the random part is incremented), so a page boundary never splits
 * two notes made in the same millisecond ambiguously.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    public static final Pattern PATTERN = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");
    private static final long MAX_TIME = (1L << 48) - 1;

    private final Random random;
    private long lastMillis = -1;
    private long randomHigh;   // top 16 of the 80 random bits
    private long randomLow;    // low 64 bits

    public Ids(Random random) {
        this.random = random;
    }

    public static Ids secure() {
        return new Ids(new SecureRandom());
    }

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    /** A new id for something created at {@code now}; never equal to or below an earlier id from this instance. */
    public synchronized String next(Instant now) {
        long millis = now.toEpochMilli();
        if (millis < 0 || millis > MAX_TIME) {
            throw new IllegalArgumentException("time out of range for an id: " + now);
        }
        if (millis <= lastMillis) {
            millis = lastMillis;
            randomLow++;
            if (randomLow == 0) {
                randomHigh = (randomHigh + 1) & 0xFFFF;
                if (randomHigh == 0) {
                    millis++;
                }
            }
        } else {
            randomHigh = random.nextInt(1 << 16);
            randomLow = random.nextLong();
        }
        lastMillis = millis;
        return encode(millis, randomHigh, randomLow);
    }

    /** The creation time encoded in an id. */
    public static Instant timeOf(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("not an id");
        }
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            millis = (millis << 5) | indexOf(id.charAt(i));
        }
        return Instant.ofEpochMilli(millis);
    }

    static String encode(long millis, long high16, long low64) {
        char[] out = new char[26];
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits = high16 (bits 79..64) and low64 (bits 63..0), 16 characters of 5 bits.
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low64 & 31)];
            low64 = (low64 >>> 5) | ((high16 & 31) << 59);
            high16 >>>= 5;
        }
        return new String(out);
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a base32 character");
    }
}
