package uk.contactpoint.feeds;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end load benchmark: the four feeds of a generator output directory, loaded one after another with
 * {@code ./contactpoint load} (matching included) into a fresh database, each load a separate JVM capped at 3 GB of
 * heap with GC logging. Prints each feed's rows, time and rate as the command reports them, the peak heap (before a
 * collection, and the largest left after one), and the whole load's rate. Build the jar first ({@code ./mvnw -DskipTests package}), then:
 *
 * <pre>./mvnw -ntp -Pbench test-compile exec:exec -Dbench.main=uk.contactpoint.feeds.LoadBenchmark \
 *     -Dbench.args="/tmp/g100k h2"</pre>
 *
 * The second argument is {@code h2} (a new data directory under target/) or {@code pg} (a new database on the
 * PostgreSQL at 127.0.0.1, user postgres). A third, optional argument is a delta file to load after the four feeds,
 * as {@code source=FILE}.
 */
public final class LoadBenchmark {
    private LoadBenchmark() {}

    static final String[][] FEEDS = {
        {"nhs-pds", "HEALTH"},
        {"hmrc-child-benefit", "BENEFIT"},
        {"dfe-school-census", "SCHOOL_CENSUS"},
        {"la-social-care", "LOCAL_AUTHORITY"}
    };

    private static final Pattern RUN = Pattern.compile("run \\d+: ([\\d,]+) rows in ([\\d.]+) s");

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[1].equals("h2") || args[1].equals("pg"))) {
            System.err.println("usage: LoadBenchmark FEED_DIR h2|pg [SOURCE=DELTA_FILE]");
            System.exit(2);
        }
        Path feeds = Path.of(args[0]);
        List<String> target = new ArrayList<>();
        if (args[1].equals("h2")) {
            Path data = Path.of("target", "load-benchmark-" + System.currentTimeMillis());
            target.add("--data");
            target.add(data.toString());
        } else {
            String name = "load_benchmark_" + System.currentTimeMillis();
            try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                admin.createStatement().execute("create database " + name);
            }
            target.add("--db");
            target.add("jdbc:postgresql://127.0.0.1:5432/" + name + "?user=postgres");
        }
        System.out.printf("load benchmark: %s into %s%n", feeds, String.join(" ", target));
        long rows = 0;
        double seconds = 0;
        List<String[]> loads = new ArrayList<>();
        for (String[] feed : FEEDS) {
            loads.add(new String[] {
                feed[0], feed[1], feeds.resolve(feed[0] + ".csv").toString()
            });
        }
        if (args.length > 2) {
            String[] delta = args[2].split("=", 2);
            loads.add(new String[] {delta[0], null, delta[1]});
        }
        System.out.printf(
                "%-22s %12s %10s %12s %14s %16s%n",
                "feed", "rows", "seconds", "rows/s", "peak heap MB", "after a GC MB");
        for (String[] load : loads) {
            Path gcLog = Files.createTempFile("load-gc", ".log");
            List<String> command = new ArrayList<>(List.of("./contactpoint", "load", "--source", load[0]));
            if (load[1] != null) {
                command.add("--kind");
                command.add(load[1]);
            }
            command.addAll(target);
            command.add(load[2]);
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("CONTACTPOINT_JAVA_OPTS", "-Xmx3g -Xlog:gc:file=" + gcLog);
            Process process = builder.start();
            String summary = null;
            try (var out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("in bulk against") || line.contains("blocking keys") || line.startsWith("run ")) {
                        System.out.println("  " + line.replaceAll(".*BulkLinker\\s+: ", ""));
                    }
                    if (line.startsWith("run ")) {
                        summary = line;
                    }
                }
            }
            if (process.waitFor() != 0 || summary == null) {
                throw new IllegalStateException("the load of " + load[2] + " failed");
            }
            Matcher m = RUN.matcher(summary);
            if (!m.find()) {
                throw new IllegalStateException("cannot read the load's summary: " + summary);
            }
            long feedRows = Long.parseLong(m.group(1).replace(",", ""));
            double feedSeconds = Double.parseDouble(m.group(2));
            GcLog.Peaks peak = GcLog.peaks(gcLog);
            System.out.printf(
                    "%-22s %,12d %10.1f %,12.0f %,14d %,16d%n",
                    load[0], feedRows, feedSeconds, feedRows / feedSeconds, peak.before(), peak.after());
            if (load[1] != null) {
                rows += feedRows;
                seconds += feedSeconds;
            }
        }
        System.out.printf(
                "four feeds: %,d rows in %.1f s: %,.0f rows/s end to end (each load's own time, matching included)%n",
                rows, seconds, rows / seconds);
    }
}
