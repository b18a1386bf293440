package dev.notesbackup.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, minimum and maximum of repeated measurements: quote the median, the range shows the noise. */
record Summary(List<Double> values) {
    Summary {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        values = List.copyOf(sorted);
    }

    static Summary of(List<Double> values) {
        return new Summary(values);
    }

    double median() {
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    double min() {
        return values.get(0);
    }

    double max() {
        return values.get(values.size() - 1);
    }

    int count() {
        return values.size();
    }

    /** e.g. {@code 21.3 (20.9-22.0, n=3)} */
    String format(String pattern) {
        return String.format(Locale.ROOT, pattern + " (" + pattern + "-" + pattern + ", n=%d)",
                median(), min(), max(), count());
    }
}
