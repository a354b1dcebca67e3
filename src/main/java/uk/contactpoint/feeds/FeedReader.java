package uk.contactpoint.feeds;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import uk.contactpoint.kernel.LongSet;

/**
 * Streams a feed file row by row, validating each against format version 1. A bad row comes back as {@link
 * Result.Rejected} with its line, column and reason, and reading goes on. A bad header refuses the whole file with
 * {@link FeedRefusedException}. Memory stays flat whatever the file size, apart from one long per record id, kept to
 * find duplicates.
 */
public final class FeedReader implements Iterable<FeedReader.Result>, Closeable {

    /** What one row of the file came to. */
    public sealed interface Result {
        long line();
    }

    public record Accepted(FeedRow row) implements Result {
        @Override
        public long line() {
            return row.line();
        }
    }

    public record Rejected(long line, List<Reject> reasons) implements Result {}

    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(false)
            .get();

    private final CSVParser parser;
    private final Map<FeedColumn, Integer> columns;
    private final int width;
    private final RowValidator validator;
    private final LongSet seenRecordIds = new LongSet();

    private FeedReader(CSVParser parser, Map<FeedColumn, Integer> columns, int width, LocalDate today) {
        this.parser = parser;
        this.columns = columns;
        this.width = width;
        this.validator = new RowValidator(today);
    }

    /**
     * Opens a feed. Bytes that are not UTF-8 are replaced, and the rows that hold them are rejected, so that one bad
     * byte costs one row rather than the file.
     *
     * @param today the date against which "not in the future" is judged
     */
    public static FeedReader open(InputStream in, LocalDate today) {
        try {
            InputStream bytes = skipByteOrderMark(new BufferedInputStream(in, 1 << 16));
            var decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            CSVParser parser = CSVParser.parse(new InputStreamReader(bytes, decoder), FORMAT);
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new FeedRefusedException("the file is empty: a feed starts with a header row");
            }
            CSVRecord header = records.next();
            return new FeedReader(parser, readHeader(header), header.size(), today);
        } catch (IOException | UncheckedIOException e) {
            throw new FeedRefusedException("the file cannot be read as CSV: " + e.getMessage());
        }
    }

    private static InputStream skipByteOrderMark(BufferedInputStream in) throws IOException {
        in.mark(3);
        byte[] first = in.readNBytes(3);
        if (!(first.length == 3
                && (first[0] & 0xFF) == 0xEF
                && (first[1] & 0xFF) == 0xBB
                && (first[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
        return in;
    }

    private static Map<FeedColumn, Integer> readHeader(CSVRecord header) {
        Map<FeedColumn, Integer> columns = new EnumMap<>(FeedColumn.class);
        List<String> unknown = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            if (!seen.add(name)) {
                throw new FeedRefusedException("the header names column '" + name + "' twice");
            }
            var column = FeedColumn.fromHeader(name);
            if (column.isPresent()) {
                columns.put(column.get(), i);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new FeedRefusedException("unknown column" + (unknown.size() > 1 ? "s" : "") + " in the header: "
                    + String.join(", ", unknown.stream().map(u -> "'" + u + "'").toList())
                    + " (feed format version 1; a misspelt header is never ignored)");
        }
        if (!columns.containsKey(FeedColumn.RECORD_ID)) {
            throw new FeedRefusedException("the header has no record_id column");
        }
        return columns;
    }

    @Override
    public Iterator<Result> iterator() {
        Iterator<CSVRecord> records = parser.iterator();
        return new Iterator<>() {
            private long lastLine = parser.getCurrentLineNumber();
            private Result next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (next == null && !ended) {
                    next = readNext();
                }
                return next != null;
            }

            @Override
            public Result next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Result result = next;
                next = null;
                return result;
            }

            /** The next result, or null for a line that carries nothing (an empty line). */
            private Result readNext() {
                long line = lastLine + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        ended = true;
                        return null;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    ended = true;
                    return new Rejected(
                            line,
                            List.of(new Reject(
                                    line,
                                    "",
                                    "",
                                    "the file ends inside a quoted value: the last row is truncated or a quote is"
                                            + " not closed")));
                }
                lastLine = parser.getCurrentLineNumber();
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    return null;
                }
                return validate(line, record);
            }
        };
    }

    private Result validate(long line, CSVRecord record) {
        if (record.size() != width) {
            String recordId = columns.get(FeedColumn.RECORD_ID) < record.size()
                    ? record.get(columns.get(FeedColumn.RECORD_ID))
                    : "";
            return new Rejected(
                    line,
                    List.of(new Reject(
                            line,
                            recordId,
                            "",
                            "the row has " + record.size() + " values but the header has " + width
                                    + " columns (a truncated row, or an unquoted comma)")));
        }
        Map<FeedColumn, String> values = new EnumMap<>(FeedColumn.class);
        columns.forEach((column, index) -> {
            String value = record.get(index);
            if (!value.isBlank()) {
                values.put(column, value);
            }
        });
        RowValidator.Outcome outcome = validator.validate(line, values);
        if (outcome.row() != null
                && !seenRecordIds.add(RecordIdHash.of(outcome.row().recordId()))) {
            return new Rejected(
                    line,
                    List.of(new Reject(
                            line,
                            outcome.row().recordId(),
                            FeedColumn.RECORD_ID.header(),
                            "record_id is used by an earlier row of this file; a record_id is unique in a file")));
        }
        return outcome.row() != null ? new Accepted(outcome.row()) : new Rejected(line, outcome.rejects());
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
