package uk.contactpoint.matching;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uk.contactpoint.feeds.FeedReader;
import uk.contactpoint.feeds.FeedRow;
import uk.contactpoint.generator.SyntheticFeeds;

/** Test data from the project's generator: feeds read with {@link FeedReader}, as linkage records, and the truth. */
record GeneratedData(List<LinkageRecord> records, Map<String, String> truth) {

    /** Generates {@code children} children with the default noise into {@code dir} and reads them back. */
    static GeneratedData generate(int children, long seed, Path dir) {
        SyntheticFeeds.write(
                new SyntheticFeeds.Options(children, seed, SyntheticFeeds.DEFAULT_AS_OF, 1.0), dir, line -> {});
        return read(dir);
    }

    /** Reads the four feeds and truth.csv from a directory the generator wrote. */
    static GeneratedData read(Path dir) {
        try {
            List<LinkageRecord> records = new ArrayList<>();
            for (String file : SyntheticFeeds.feedFileNames()) {
                String source = file.replace(".csv", "");
                try (InputStream in = Files.newInputStream(dir.resolve(file));
                        FeedReader reader = FeedReader.open(in, SyntheticFeeds.DEFAULT_AS_OF.plusDays(1))) {
                    for (FeedReader.Result result : reader) {
                        if (result instanceof FeedReader.Accepted accepted) {
                            records.add(toLinkageRecord(source, accepted.row()));
                        }
                    }
                }
            }
            return new GeneratedData(records, LinkageReport.readTruth(dir.resolve(SyntheticFeeds.TRUTH_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mapping the directory's linker will make from a source record. */
    static LinkageRecord toLinkageRecord(String source, FeedRow row) {
        return uk.contactpoint.directory.LinkageInput.of(source, row, false);
    }

    static LocalDate asOf() {
        return SyntheticFeeds.DEFAULT_AS_OF;
    }
}
