package uk.contactpoint.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BulkLinkerChunksTest {

    private static List<Long> ids(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void wholeYearsGoTogetherWhileTheyFit() {
        var byYear = new TreeMap<Integer, List<Long>>();
        byYear.put(2010, ids(0, 400));
        byYear.put(2011, ids(400, 900));
        byYear.put(2012, ids(900, 1_500));

        assertThat(BulkLinker.chunks(byYear, 1_000)).extracting(List::size).containsExactly(900, 600);
    }

    @Test
    void aYearLargerThanAChunkIsCutAndEveryRecordIsInExactlyOneChunk() {
        var byYear = new TreeMap<Integer, List<Long>>();
        byYear.put(2009, ids(0, 300));
        byYear.put(2010, ids(300, 2_800));
        byYear.put(2011, ids(2_800, 3_000));

        var chunks = BulkLinker.chunks(byYear, 1_000);

        assertThat(chunks).allSatisfy(c -> assertThat(c.size()).isBetween(1, 1_000));
        assertThat(chunks.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(ids(0, 3_000));
    }
}
