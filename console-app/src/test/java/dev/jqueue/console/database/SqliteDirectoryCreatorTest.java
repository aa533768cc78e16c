package dev.jqueue.console.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SqliteDirectoryCreatorTest {

    @Test
    void findsTheFileOfSqliteUrlsOnly() {
        assertThat(SqliteDirectoryCreator.databaseFile("jdbc:sqlite:./data/jqueue-console.db?journal_mode=WAL"))
                .isEqualTo(Path.of("./data/jqueue-console.db"));
        assertThat(SqliteDirectoryCreator.databaseFile("jdbc:sqlite:file:/var/lib/jq/q.db"))
                .isEqualTo(Path.of("/var/lib/jq/q.db"));
        assertThat(SqliteDirectoryCreator.databaseFile("jdbc:sqlite::memory:")).isNull();
        assertThat(SqliteDirectoryCreator.databaseFile("jdbc:postgresql://localhost/test")).isNull();
        assertThat(SqliteDirectoryCreator.databaseFile(null)).isNull();
    }
}
