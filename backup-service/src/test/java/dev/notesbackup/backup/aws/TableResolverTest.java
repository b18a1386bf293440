package dev.notesbackup.backup.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.backup.aws.TableResolver.NoMatch;
import dev.notesbackup.backup.aws.TableResolver.Selected;
import dev.notesbackup.backup.aws.TableResolver.Table;
import dev.notesbackup.backup.aws.TableResolver.Unlisted;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.TableSelector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TableResolverTest {
    static List<TableSelector> selectors(String tables) {
        return BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, tables)).tables();
    }

    @Test
    void resolve_keepsOrderAndNamesEachTableOnce_whenPrefixesOverlapExactNames() {
        AtomicInteger listings = new AtomicInteger();

        List<Selected> resolved = TableResolver.resolve(selectors("users,notes-*,notes-b,archive-*"), () -> {
            listings.incrementAndGet();
            return List.of("notes-b", "users", "notes-a", "other");
        });

        assertThat(resolved).containsExactly(new Table("users"), new Table("notes-a"), new Table("notes-b"),
                new NoMatch(selectors("archive-*").get(0)));
        assertThat(listings).as("listed once").hasValue(1);
    }

    @Test
    void resolve_listsNothing_whenNoSelectorIsAPrefix() {
        List<Selected> resolved = TableResolver.resolve(selectors("notes,replies"), () -> {
            throw new AssertionError("no listing needed");
        });

        assertThat(resolved).containsExactly(new Table("notes"), new Table("replies"));
    }

    @Test
    void resolve_saysWhichPrefixesAreUnresolved_whenListingFails() {
        IllegalStateException boom = new IllegalStateException("boom");

        List<Selected> resolved = TableResolver.resolve(selectors("notes-*,users,replies-*"), () -> {
            throw boom;
        });

        assertThat(resolved).containsExactly(new Unlisted(selectors("notes-*").get(0), boom), new Table("users"),
                new Unlisted(selectors("replies-*").get(0), boom));
        assertThatThrownBy(() -> TableResolver.tableNames(resolved)).isSameAs(boom);
    }
}
