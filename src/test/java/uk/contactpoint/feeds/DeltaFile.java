package uk.contactpoint.feeds;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Makes a delta file for the load benchmark from a feed already loaded and the same feed generated with another
 * seed, shaped like a source's daily file: half moves (a known record with another known record's address), four in
 * ten new children (the other seed's records: their ids do not collide), one in ten deletes. The shuffle is seeded, so
 * the same arguments write the same file.
 *
 * <pre>./mvnw -ntp -Pbench test-compile exec:exec -Dbench.main=uk.contactpoint.feeds.DeltaFile \
 *     -Dbench.args="/tmp/g1m/nhs-pds.csv /tmp/g1m7/nhs-pds.csv 100000 /tmp/delta.csv"</pre>
 */
public final class DeltaFile {
    private DeltaFile() {}

    private static final List<String> ADDRESS = List.of("address_line_1", "address_line_2", "town", "postcode", "uprn");

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: DeltaFile LOADED_FEED OTHER_SEED_FEED ROWS OUT");
            System.exit(2);
        }
        int rows = Integer.parseInt(args[2]);
        int moves = rows / 2;
        int births = rows * 4 / 10;
        int deletes = rows - moves - births;
        List<CSVRecord> loaded = read(Path.of(args[0]), moves + deletes + moves);
        List<CSVRecord> other = read(Path.of(args[1]), births);
        if (loaded.size() < 2 * moves + deletes || other.size() < births) {
            throw new IllegalArgumentException("the feeds are too small for a delta of " + rows + " rows");
        }
        List<String> header = new ArrayList<>(loaded.getFirst().getParser().getHeaderNames());
        header.add("action");
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < moves; i++) {
            CSVRecord mover = loaded.get(i);
            CSVRecord newHome = loaded.get(moves + deletes + i);
            List<String> row = new ArrayList<>();
            for (String column : header) {
                row.add(
                        column.equals("action")
                                ? "upsert"
                                : ADDRESS.contains(column) ? newHome.get(column) : mover.get(column));
            }
            out.add(row);
        }
        for (int i = 0; i < deletes; i++) {
            List<String> row = new ArrayList<>();
            for (String column : header) {
                row.add(
                        switch (column) {
                            case "record_id" -> loaded.get(moves + i).get(column);
                            case "action" -> "delete";
                            default -> "";
                        });
            }
            out.add(row);
        }
        for (int i = 0; i < births; i++) {
            CSVRecord birth = other.get(i);
            List<String> row = new ArrayList<>();
            for (String column : header) {
                row.add(column.equals("action") ? "upsert" : birth.get(column));
            }
            out.add(row);
        }
        Collections.shuffle(out, new Random(7));
        try (Writer w = Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8);
                CSVPrinter printer = CSVFormat.RFC4180
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .get()
                        .print(w)) {
            for (List<String> row : out) {
                printer.printRecord(row);
            }
        }
        System.out.printf(
                "wrote %,d rows to %s: %,d moves, %,d new, %,d deletes%n", out.size(), args[3], moves, births, deletes);
    }

    private static List<CSVRecord> read(Path feed, int rows) throws IOException {
        List<CSVRecord> records = new ArrayList<>(rows);
        try (Reader r = Files.newBufferedReader(feed, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(r)) {
            for (CSVRecord record : parser) {
                if (records.size() == rows) {
                    break;
                }
                records.add(record);
            }
        }
        return records;
    }
}
