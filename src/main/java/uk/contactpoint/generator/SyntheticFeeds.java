package uk.contactpoint.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import uk.contactpoint.feeds.Csv;
import uk.contactpoint.feeds.FeedColumn;
import uk.contactpoint.matching.NameVariants;

/**
 * Writes the four synthetic feeds and {@code truth.csv} for a population. Each row is rendered from its own random
 * stream, derived from the seed, the source and the child, so the output is the same for the same seed and asOf
 * date however the work is split across cores. Files are written under a temporary name and moved into place, so a
 * crash leaves either the old file or the new one.
 */
public final class SyntheticFeeds {

    /** The population's reference date when none is given: fixed, so that a seed always means the same files. */
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 9, 1);

    public static final String TRUTH_FILE = "truth.csv";

    public record Options(int children, long seed, LocalDate asOf, double noise) {
        public Options {
            if (children < 1) {
                throw new IllegalArgumentException("children must be at least 1");
            }
            if (noise < 0 || noise > 10) {
                throw new IllegalArgumentException("noise is between 0 and 10");
            }
        }
    }

    /** What was written: rows per file, and how long it took. */
    public record Summary(Map<String, Long> rowsByFile, long millis) {}

    private static final int CHUNK = 20_000;

    private SyntheticFeeds() {}

    /** The file names the generator writes, one per source, plus the truth file. */
    public static List<String> feedFileNames() {
        return java.util.Arrays.stream(SourceFeed.values())
                .map(SourceFeed::fileName)
                .toList();
    }

    public static Summary write(Options options, Path directory, Consumer<String> progress) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(directory);
            progress.accept("generating a population of " + options.children() + " children (seed " + options.seed()
                    + ", as of " + options.asOf() + ")");
            var population =
                    new Population(options.children(), options.seed(), options.asOf(), new NameBook(), new Places());
            var noise = new Noise(options.noise(), NameVariants.standard());
            Map<String, Long> rows = new LinkedHashMap<>();
            Path truthTemp = directory.resolve(TRUTH_FILE + ".part");
            try (Writer truth = Files.newBufferedWriter(truthTemp, StandardCharsets.UTF_8)) {
                truth.write("source,record_id,child\n");
                for (SourceFeed feed : SourceFeed.values()) {
                    long count = writeFeed(feed, population, noise, options, directory, truth);
                    rows.put(feed.fileName(), count);
                    progress.accept(String.format("%-24s %,10d rows", feed.fileName(), count));
                }
            }
            Files.move(
                    truthTemp,
                    directory.resolve(TRUTH_FILE),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            rows.put(
                    TRUTH_FILE,
                    rows.values().stream().mapToLong(Long::longValue).sum());
            return new Summary(rows, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long writeFeed(
            SourceFeed feed, Population population, Noise noise, Options options, Path directory, Writer truth)
            throws IOException {
        int[] covered = IntStream.range(0, population.children.length)
                .filter(i -> feed.covers(population.children[i], options.asOf(), stream(options.seed(), feed, i, 0)))
                .toArray();
        shuffle(covered, new SplittableRandom(options.seed() * 7919 + feed.ordinal()));
        Path temp = directory.resolve(feed.fileName() + ".part");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            out.write(String.join(
                    ",", feed.columns.stream().map(FeedColumn::header).toList()));
            out.write('\n');
            int chunks = (covered.length + CHUNK - 1) / CHUNK;
            int batch = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
            for (int first = 0; first < chunks; first += batch) {
                // Render a few chunks in parallel, then write them in order: bounded memory, same output.
                List<String[]> rendered = IntStream.range(first, Math.min(chunks, first + batch))
                        .parallel()
                        .mapToObj(c -> renderChunk(feed, population, noise, options, covered, c))
                        .toList();
                for (String[] chunk : rendered) {
                    out.write(chunk[0]);
                    truth.write(chunk[1]);
                }
            }
        }
        Files.move(
                temp,
                directory.resolve(feed.fileName()),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return covered.length;
    }

    private static String[] renderChunk(
            SourceFeed feed, Population population, Noise noise, Options options, int[] covered, int chunk) {
        StringBuilder rows = new StringBuilder(CHUNK * 200);
        StringBuilder truth = new StringBuilder(CHUNK * 40);
        List<String> values = new ArrayList<>(feed.columns.size());
        for (int i = chunk * CHUNK; i < Math.min(covered.length, (chunk + 1) * CHUNK); i++) {
            var child = population.children[covered[i]];
            String recordId = feed.recordId(child, options.seed());
            Map<FeedColumn, String> row =
                    feed.render(child, recordId, options.asOf(), noise, stream(options.seed(), feed, child.index(), 1));
            values.clear();
            for (FeedColumn column : feed.columns) {
                values.add(Csv.field(row.get(column)));
            }
            rows.append(String.join(",", values)).append('\n');
            truth.append(feed.sourceCode)
                    .append(',')
                    .append(recordId)
                    .append(',')
                    .append(child.truthId())
                    .append('\n');
        }
        return new String[] {rows.toString(), truth.toString()};
    }

    /** A random stream for one purpose, source and child, independent of every other. */
    private static SplittableRandom stream(long seed, SourceFeed feed, int child, int purpose) {
        long key = seed * 0x9E3779B97F4A7C15L
                + feed.ordinal() * 0xBF58476D1CE4E5B9L
                + child * 0x94D049BB133111EBL
                + purpose;
        return new SplittableRandom(key);
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
