package dev.notesbackup.backup.aws;

import dev.notesbackup.backup.config.TableSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one place table selectors become tables: an exact name stands for itself; a prefix selects
 * every listed name that starts with it, sorted. Each caller decides what an unmatched prefix or
 * a failed listing means for it; this only says which happened, per selector.
 */
public final class TableResolver {
    /** What one selector resolved to; in configuration order, each table name once. */
    public sealed interface Selected permits Table, NoMatch, Unlisted {
    }

    /** A table to act on (it may have gone since it was listed or named). */
    public record Table(String name) implements Selected {
    }

    /** A prefix that no listed table matches. */
    public record NoMatch(TableSelector prefix) implements Selected {
    }

    /** A prefix that could not be resolved, because listing the tables failed. */
    public record Unlisted(TableSelector prefix, RuntimeException cause) implements Selected {
    }

    private TableResolver() {
    }

    /**
     * @param tableNames the names prefixes are matched against; called at most once, and only when
     *                   a selector is a prefix
     */
    public static List<Selected> resolve(List<TableSelector> selectors, Supplier<? extends Collection<String>> tableNames) {
        List<Selected> result = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        Collection<String> listed = null;
        RuntimeException listingFailure = null;
        for (TableSelector selector : selectors) {
            if (!selector.prefix()) {
                if (named.add(selector.value())) {
                    result.add(new Table(selector.value()));
                }
                continue;
            }
            if (listed == null && listingFailure == null) {
                try {
                    listed = tableNames.get();
                } catch (RuntimeException e) {
                    listingFailure = e;
                }
            }
            if (listingFailure != null) {
                result.add(new Unlisted(selector, listingFailure));
                continue;
            }
            List<String> matched = listed.stream().filter(selector::matches).distinct().sorted().toList();
            if (matched.isEmpty()) {
                result.add(new NoMatch(selector));
            }
            for (String name : matched) {
                if (named.add(name)) {
                    result.add(new Table(name));
                }
            }
        }
        return result;
    }

    /** Only the tables, for callers to whom an unmatched prefix selects nothing; a failed listing is thrown. */
    public static List<String> tableNames(List<Selected> resolved) {
        List<String> names = new ArrayList<>();
        for (Selected selected : resolved) {
            if (selected instanceof Unlisted unlisted) {
                throw unlisted.cause();
            }
            if (selected instanceof Table table) {
                names.add(table.name());
            }
        }
        return names;
    }
}
