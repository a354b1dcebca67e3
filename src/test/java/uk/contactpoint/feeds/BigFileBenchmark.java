package uk.contactpoint.feeds;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The 2 GB file of issue 5: a feed far larger than the generator makes, built by repeating a generated feed's rows
 * with each round's record ids made unique ({@code PDS123-7}), then validated whole by {@code ./contactpoint
 * check-feed} in its own JVM capped at 1 GB of heap with GC logging. Prints the size, rows, time, rate and the peak
 * heap after any collection: memory must not grow with the file (one long per record id is all that is kept, to find
 * duplicates). Build the jar first ({@code ./mvnw -DskipTests package}), then:
 *
 * <pre>./mvnw -ntp -Pbench test-compile exec:exec -Dbench.main=uk.contactpoint.feeds.BigFileBenchmark \
 *     -Dbench.args="/tmp/g100k/nhs-pds.csv /tmp/big.csv 2"</pre>
 *
 * The arguments: a generated feed (its first column the record id), where to write the big file (deleted afterwards),
 * and its size in GB.
 */
public final class BigFileBenchmark {
    private BigFileBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BigFileBenchmark TEMPLATE_FEED OUT_FILE GIGABYTES");
            System.exit(2);
        }
        Path template = Path.of(args[0]);
        Path big = Path.of(args[1]);
        long target = (long) (Double.parseDouble(args[2]) * 1_000_000_000L);
        List<String> lines = Files.readAllLines(template, StandardCharsets.UTF_8);
        long rows = 0;
        long started = System.nanoTime();
        try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            out.write(lines.getFirst());
            out.write('\n');
            long written = lines.getFirst().length() + 1;
            for (int round = 1; written < target; round++) {
                for (int i = 1; i < lines.size() && written < target; i++) {
                    String line = lines.get(i);
                    int comma = line.indexOf(',');
                    String row = line.substring(0, comma) + "-" + round + line.substring(comma);
                    out.write(row);
                    out.write('\n');
                    written += row.length() + 1;
                    rows++;
                }
                System.out.printf("  writing: %,d MB of %,d%n", written / 1_000_000, target / 1_000_000);
            }
        }
        System.out.printf(
                "wrote %s: %,d bytes, %,d rows in %.1f s%n",
                big, Files.size(big), rows, (System.nanoTime() - started) / 1e9);
        Path gcLog = Files.createTempFile("check-gc", ".log");
        var builder = new ProcessBuilder("./contactpoint", "check-feed", "--show", "5", big.toString())
                .redirectErrorStream(true);
        builder.environment().put("CONTACTPOINT_JAVA_OPTS", "-Xmx1g -Xlog:gc:file=" + gcLog);
        Process process = builder.start();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println("  " + line);
            }
        }
        int exit = process.waitFor();
        long peak = GcLog.peakMegabytes(gcLog);
        Files.deleteIfExists(big);
        System.out.printf("check-feed exit %d; peak heap before a collection %,d MB (cap 1,024 MB)%n", exit, peak);
    }
}
