package uk.contactpoint.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * One generated data set shared by the unit tests of this package (generating and training once keeps the suite
 * fast): 5,000 children from the project's generator, seed 20261125 unless {@code -Dtests.seed} says otherwise.
 */
final class SharedData {
    static final long SEED = Long.getLong("tests.seed", 20261125L);
    static final int CHILDREN = 5_000;

    private static GeneratedData data;
    private static LinkageResult linked;

    private SharedData() {}

    static synchronized GeneratedData data() {
        if (data == null) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("cp-matching-");
                data = GeneratedData.generate(CHILDREN, SEED, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                delete(dir);
            }
        }
        return data;
    }

    /** The shared data trained on and linked in batch with the default options. */
    static synchronized LinkageResult linked() {
        if (linked == null) {
            linked = BatchLinker.trainAndLink(
                    data().records(), List.of(), TrainingOptions.DEFAULT.withSeed(SEED), Thresholds.DEFAULT);
        }
        return linked;
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
