package uk.contactpoint.feeds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a JVM's {@code -Xlog:gc} file for the benchmarks that run the command line in a JVM of its own. */
final class GcLog {
    private GcLog() {}

    private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The largest heap in use before any collection, in MB; the log is deleted. */
    static long peakMegabytes(Path log) throws IOException {
        return peaks(log).before();
    }

    /**
     * The largest heap in use before any collection (G1 lets the heap fill to its cap before it collects, so this is
     * the heap the process needed room for) and the largest left after one (an upper bound of what was live), in MB;
     * the log is deleted.
     */
    static Peaks peaks(Path log) throws IOException {
        long before = 0;
        long after = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher h = HEAP.matcher(line);
            if (h.find()) {
                before = Math.max(before, Long.parseLong(h.group(1)));
                after = Math.max(after, Long.parseLong(h.group(2)));
            }
        }
        Files.deleteIfExists(log);
        return new Peaks(before, after);
    }

    record Peaks(long before, long after) {}
}
