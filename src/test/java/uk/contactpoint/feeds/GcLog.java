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
        long peak = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher h = HEAP.matcher(line);
            if (h.find()) {
                peak = Math.max(peak, Long.parseLong(h.group(1)));
            }
        }
        Files.deleteIfExists(log);
        return peak;
    }
}
