package uk.contactpoint.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The in-memory index answers as a plain map of key to records would, however its segments fall. */
class BlockIndexProperties {

    /** Segments of (key, record) pairs drawn from few keys, so that keys repeat within and across segments. */
    @Provide
    Arbitrary<List<List<long[]>>> segments() {
        Arbitrary<long[]> pair = Arbitraries.longs()
                .between(-40, 40)
                .flatMap(key -> Arbitraries.longs().between(1, 300).map(record -> new long[] {key, record}));
        return pair.list().ofMaxSize(200).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property
    void recordsSharingFindsWhatAMapOfKeysFinds(
            @ForAll("segments") List<List<long[]>> segments,
            @ForAll @Size(max = 20) List<@IntRange(min = -45, max = 45) Integer> probe,
            @ForAll @IntRange(min = 1, max = 30) int cap) {
        BlockIndex index = new BlockIndex(new long[0], new long[0]);
        Map<Long, List<Long>> expectedByKey = new HashMap<>();
        for (List<long[]> segment : segments) {
            long[] keys = segment.stream().mapToLong(p -> p[0]).toArray();
            long[] records = segment.stream().mapToLong(p -> p[1]).toArray();
            index.add(keys, records);
            segment.forEach(p ->
                    expectedByKey.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]));
        }
        long[] probeKeys = probe.stream().mapToLong(Integer::longValue).toArray();

        Set<Long> expected = new TreeSet<>();
        for (long key : new HashSet<>(probe.stream().map(Integer::longValue).toList())) {
            List<Long> holders = expectedByKey.getOrDefault(key, List.of());
            if (holders.size() <= cap) {
                expected.addAll(holders);
            }
        }

        assertThat(index.recordsSharing(List.of(probeKeys), cap)).isEqualTo(expected);
        assertThat(index.size())
                .isEqualTo(segments.stream().mapToLong(List::size).sum());
    }

    @Property
    void sortingKeepsEachRecordWithItsKey(@ForAll("segments") List<List<long[]>> segments) {
        List<long[]> pairs = segments.getFirst();
        long[] keys = pairs.stream().mapToLong(p -> p[0]).toArray();
        long[] records = pairs.stream().mapToLong(p -> p[1]).toArray();
        BlockIndex index = new BlockIndex(new long[0], new long[0]);
        index.add(keys, records);

        for (int i = 1; i < keys.length; i++) {
            assertThat(keys[i - 1]).isLessThanOrEqualTo(keys[i]);
        }
        List<String> before =
                pairs.stream().map(p -> p[0] + ":" + p[1]).sorted().toList();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            after.add(keys[i] + ":" + records[i]);
        }
        assertThat(after.stream().sorted().toList()).isEqualTo(before);
    }

    @Property
    void theAddedKeysComeOutOnceEachInKeyOrderLeavingOutThoseRead(@ForAll("segments") List<List<long[]>> segments) {
        List<long[]> read = segments.getFirst();
        BlockIndex index = new BlockIndex(
                read.stream().mapToLong(p -> p[0]).toArray(),
                read.stream().mapToLong(p -> p[1]).toArray());
        List<String> expected = new ArrayList<>();
        for (List<long[]> segment : segments.subList(1, segments.size())) {
            index.add(
                    segment.stream().mapToLong(p -> p[0]).toArray(),
                    segment.stream().mapToLong(p -> p[1]).toArray());
            segment.forEach(p -> expected.add(p[0] + ":" + p[1]));
        }

        List<Long> keys = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        index.forEachAdded((key, record) -> {
            keys.add(key);
            pairs.add(key + ":" + record);
        });

        assertThat(keys).isSorted();
        assertThat(pairs).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Example
    void aChunksOwnKeysAddedAsASegmentAreFoundByTheNextChunk() {
        BlockIndex index = new BlockIndex(new long[0], new long[0]);
        index.add(new long[] {7, 8}, new long[] {1, 2});
        index.add(Map.of(3L, new long[] {8, 9}, 4L, new long[] {9}));

        assertThat(index.recordsSharing(List.of(new long[] {9}), 10)).containsExactly(3L, 4L);
        assertThat(index.recordsSharing(List.of(new long[] {8}), 10)).containsExactly(2L, 3L);
        assertThat(index.recordsSharing(List.of(new long[] {8}), 1)).isEmpty();
        assertThat(index.size()).isEqualTo(5);
    }

    @Example
    void keysAndRecordsOfDifferentLengthsAreRefused() {
        assertThatThrownBy(() -> new BlockIndex(new long[0], new long[0]).add(new long[] {1, 2}, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differ in length");
    }
}
