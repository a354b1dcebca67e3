package uk.contactpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.contactpoint.generator.SyntheticFeeds;

/** `reindex` as an operator runs it on an embedded database: a new index, swapped in whole, with progress. */
class ReindexCommandIT {

    @TempDir
    Path data;

    @TempDir
    Path feeds;

    @Test
    void load_leaves_the_index_to_the_server_and_reindex_builds_a_new_one_each_time() throws IOException {
        SyntheticFeeds.write(new SyntheticFeeds.Options(300, 7L, SyntheticFeeds.DEFAULT_AS_OF, 1.0), feeds, l -> {});
        var load = CliTest.run(
                "load",
                "--source",
                "nhs-pds",
                "--kind",
                "HEALTH",
                feeds.resolve("nhs-pds.csv").toString(),
                "--data",
                data.toString());
        assertThat(load.exit()).as(load.out() + load.err()).isZero();
        Path index = data.resolve("index");
        assertThat(index).as("a command that only loads never opens the index").doesNotExist();

        var first = CliTest.run("reindex", "--data", data.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out())
                .containsPattern("indexed (2\\d\\d) of \\1 children in")
                .contains("reindex 100%");
        String generation = Files.readString(index.resolve("current")).strip();
        assertThat(index.resolve(generation).resolve("write.lock")).exists();

        var second = CliTest.run("reindex", "--data", data.toString());
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        String next = Files.readString(index.resolve("current")).strip();
        assertThat(next).isNotEqualTo(generation);
        try (Stream<Path> generations = Files.list(index)) {
            // The new one, and the one before for a running server to let go of; nothing older.
            assertThat(generations.filter(p -> p.getFileName().toString().startsWith("gen-")))
                    .hasSize(2);
        }
    }
}
