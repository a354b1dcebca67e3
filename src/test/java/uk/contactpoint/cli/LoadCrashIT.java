package uk.contactpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.contactpoint.generator.SyntheticFeeds;

/**
 * kill -9 at random moments of `./contactpoint load`, then the same commands again: the directory ends exactly as
 * after one clean run (the same records, grouped into the same children), with no duplicate and no half-linked
 * record. Replay a run with -Dtests.seed=N.
 */
class LoadCrashIT {

    static final String[][] FEEDS = {
        {"nhs-pds", "HEALTH"},
        {"hmrc-child-benefit", "BENEFIT"},
        {"dfe-school-census", "SCHOOL_CENSUS"},
        {"la-social-care", "LOCAL_AUTHORITY"}
    };

    @TempDir
    static Path work;

    static Set<Set<String>> clean;
    static long truthRows;

    @BeforeAll
    static void cleanRun() throws Exception {
        SyntheticFeeds.write(
                new SyntheticFeeds.Options(1_200, 11, SyntheticFeeds.DEFAULT_AS_OF, 1.0),
                work.resolve("feeds"),
                l -> {});
        truthRows = Files.readAllLines(work.resolve("feeds").resolve(SyntheticFeeds.TRUTH_FILE))
                        .size()
                - 1;
        Path data = work.resolve("clean");
        for (String[] feed : FEEDS) {
            assertThat(load(data, feed).waitFor()).isZero();
        }
        clean = children(data);
    }

    static Process load(Path data, String[] feed) throws IOException {
        return load(data, feed, "BULK");
    }

    static Process load(Path data, String[] feed, String firstLoads) throws IOException {
        var builder = new ProcessBuilder(
                        "./contactpoint",
                        "load",
                        "--data",
                        data.toString(),
                        "--source",
                        feed[0],
                        "--kind",
                        feed[1],
                        work.resolve("feeds").resolve(feed[0] + ".csv").toString())
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("load.log").toFile()));
        builder.environment()
                .put(
                        "CONTACTPOINT_JAVA_OPTS",
                        "-Dcontactpoint.feeds.first-loads=" + firstLoads
                                // Every file of this small directory in bulk, as a national file would be.
                                + " -Dcontactpoint.matching.small-first-file=100");
        return builder.start();
    }

    @Test
    void first_loads_linked_in_bulk_make_the_same_children_as_linking_batch_by_batch() throws Exception {
        Path data = work.resolve("incremental");
        for (String[] feed : FEEDS) {
            assertThat(load(data, feed, "INCREMENTAL").waitFor()).isZero();
        }
        assertThat(Files.readString(work.resolve("load.log")))
                .as("the clean run linked its first loads in bulk")
                .contains("in bulk against");
        assertThat(children(data)).isEqualTo(clean);
    }

    static String logTail() {
        try {
            List<String> lines = Files.readAllLines(work.resolve("load.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Source records grouped by the child they are linked to: the directory's shape, whatever the random IDs. */
    static Set<Set<String>> children(Path data) throws Exception {
        Path links = data.resolve("links.csv");
        var export = new ProcessBuilder(
                        "./contactpoint", "export-links", "--data", data.toString(), "--out", links.toString())
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("load.log").toFile()))
                .start();
        assertThat(export.waitFor()).isZero();
        Map<String, Set<String>> byChild = new HashMap<>();
        List<String> lines = Files.readAllLines(links);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertThat(cells[3]).as(line).isEqualTo("MATCH/AUTO");
            byChild.computeIfAbsent(cells[2], c -> new HashSet<>()).add(cells[0] + "/" + cells[1]);
        }
        assertThat(lines.size() - 1)
                .as("one link per source record, none lost, none doubled")
                .isEqualTo(truthRows);
        return new HashSet<>(byChild.values());
    }

    @Test
    void a_kill_at_any_moment_then_the_same_commands_again_end_as_one_clean_run() throws Exception {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        var random = new SplittableRandom(seed);
        int killedMidway = 0;
        for (int round = 0; round < 3; round++) {
            Path data = work.resolve("crash-" + round);
            int victim = random.nextInt(FEEDS.length);
            long delay = 1_500 + random.nextLong(3_500);
            for (int i = 0; i < FEEDS.length; i++) {
                Process process = load(data, FEEDS[i]);
                if (i == victim) {
                    if (!process.waitFor(delay, TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly().waitFor();
                        killedMidway++;
                    }
                    break;
                }
                assertThat(process.waitFor()).isZero();
            }
            for (String[] feed : FEEDS) {
                assertThat(load(data, feed).waitFor())
                        .as(() -> "rerun of " + feed[0] + " (seed " + seed + "); the log ends:\n" + logTail())
                        .isZero();
            }
            assertThat(children(data))
                    .as("round %d, seed %d: feed %d killed after %d ms", round, seed, victim, delay)
                    .isEqualTo(clean);
            try (var db = DriverManager.getConnection(
                            "jdbc:h2:file:" + data.resolve("db").resolve("contactpoint")
                                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                            "sa",
                            "");
                    var rs = db.createStatement()
                            .executeQuery("select count(*) from feed_run where state = 'RUNNING'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("no run is left RUNNING").isZero();
            }
        }
        System.out.printf("load kill test: %d of 3 rounds killed a load midway (seed %d)%n", killedMidway, seed);
        assertThat(killedMidway)
                .as("at least one kill landed during a load (seed " + seed + ")")
                .isPositive();
    }
}
