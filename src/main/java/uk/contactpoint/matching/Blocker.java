package uk.contactpoint.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Generates candidate pairs as the union of the blocking rules. Each rule sorts the records by its key (a primitive
 * sort of key bits and record index in one long), then pairs the records of each block. A pair that an earlier rule
 * already produced is skipped, so the union needs no de-duplication and each rule's count is what it adds. Blocks
 * larger than the cap are skipped and reported.
 */
final class Blocker {
    /** Records are numbered in the low 24 bits of the sort key: up to 16.7 million records in one batch. */
    static final int INDEX_BITS = 24;

    static final int MAX_RECORDS = 1 << INDEX_BITS;
    private static final long INDEX_MASK = MAX_RECORDS - 1;

    record Result(long[] pairs, BlockingReport report) {}

    private Blocker() {}

    static long pair(int i, int j) {
        return i < j ? ((long) i << 32) | j : ((long) j << 32) | i;
    }

    static int left(long pair) {
        return (int) (pair >>> 32);
    }

    static int right(long pair) {
        return (int) pair;
    }

    /** Each rule's key for each record: keys[rule][record], 0 for none. */
    static long[][] keys(Prepared[] records, List<BlockingRule> rules) {
        long[][] keys = new long[rules.size()][records.length];
        IntStream.range(0, records.length).parallel().forEach(i -> {
            for (int r = 0; r < rules.size(); r++) {
                keys[r][i] = rules.get(r).key(records[i]);
            }
        });
        return keys;
    }

    static Result pairs(Prepared[] records, List<BlockingRule> rules, int maxBlock) {
        if (records.length > MAX_RECORDS) {
            throw new IllegalArgumentException("at most " + MAX_RECORDS + " records in one batch");
        }
        long[][] keys = keys(records, rules);
        List<Set<Long>> capped = new ArrayList<>();
        List<LongList> all = new ArrayList<>();
        List<BlockingReport.RuleCount> counts = new ArrayList<>();
        long total = 0;
        for (int r = 0; r < rules.size(); r++) {
            long[] sorted = sortedByKey(keys[r]);
            int[] bounds = chunkBounds(sorted, Math.max(1, Runtime.getRuntime().availableProcessors() * 4));
            int rule = r;
            List<Chunk> chunks = IntStream.range(0, bounds.length - 1)
                    .parallel()
                    .mapToObj(c -> block(sorted, bounds[c], bounds[c + 1], keys, rule, capped, maxBlock))
                    .toList();
            Set<Long> cappedKeys = new HashSet<>();
            long added = 0;
            long blocks = 0;
            long cappedRecords = 0;
            long cappedBlocks = 0;
            int largest = 0;
            for (Chunk c : chunks) {
                all.add(c.pairs);
                added += c.pairs.size();
                blocks += c.blocks;
                cappedKeys.addAll(c.cappedKeys);
                cappedBlocks += c.cappedBlocks;
                cappedRecords += c.cappedRecords;
                largest = Math.max(largest, c.largest);
            }
            capped.add(cappedKeys);
            total += added;
            counts.add(new BlockingReport.RuleCount(
                    rules.get(r).description, added, blocks, largest, cappedBlocks, cappedRecords));
        }
        return new Result(LongList.concat(all), new BlockingReport(counts, total, maxBlock));
    }

    private static long[] sortedByKey(long[] keys) {
        int n = 0;
        for (long k : keys) {
            if (k != 0) {
                n++;
            }
        }
        long[] sorted = new long[n];
        int at = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                sorted[at++] = (keys[i] & ~INDEX_MASK) | i;
            }
        }
        Arrays.parallelSort(sorted);
        return sorted;
    }

    /** Splits the sorted keys into about {@code parts} ranges that never cut a block in two. */
    private static int[] chunkBounds(long[] sorted, int parts) {
        List<Integer> bounds = new ArrayList<>();
        bounds.add(0);
        int step = Math.max(1, sorted.length / parts);
        int at = step;
        while (at < sorted.length) {
            long block = sorted[at - 1] & ~INDEX_MASK;
            while (at < sorted.length && (sorted[at] & ~INDEX_MASK) == block) {
                at++;
            }
            if (at < sorted.length) {
                bounds.add(at);
            }
            at += step;
        }
        bounds.add(sorted.length);
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    private record Chunk(
            LongList pairs, long blocks, int largest, Set<Long> cappedKeys, long cappedBlocks, long cappedRecords) {}

    private static Chunk block(
            long[] sorted, int from, int to, long[][] keys, int rule, List<Set<Long>> capped, int maxBlock) {
        LongList pairs = new LongList(Math.max(16, (to - from) * 2));
        Set<Long> cappedKeys = new HashSet<>();
        long blocks = 0;
        long cappedBlocks = 0;
        long cappedRecords = 0;
        int largest = 0;
        int start = from;
        while (start < to) {
            long block = sorted[start] & ~INDEX_MASK;
            int end = start + 1;
            while (end < to && (sorted[end] & ~INDEX_MASK) == block) {
                end++;
            }
            int size = end - start;
            if (size > 1) {
                blocks++;
                largest = Math.max(largest, size);
                if (size > maxBlock) {
                    cappedBlocks++;
                    cappedRecords += size;
                    for (int k = start; k < end; k++) {
                        cappedKeys.add(keys[rule][(int) (sorted[k] & INDEX_MASK)]);
                    }
                } else {
                    for (int x = start; x < end; x++) {
                        int a = (int) (sorted[x] & INDEX_MASK);
                        long ka = keys[rule][a];
                        for (int y = x + 1; y < end; y++) {
                            int b = (int) (sorted[y] & INDEX_MASK);
                            if (ka == keys[rule][b] && !earlierRuleHas(keys, capped, rule, a, b)) {
                                pairs.add(pair(a, b));
                            }
                        }
                    }
                }
            }
            start = end;
        }
        return new Chunk(pairs, blocks, largest, cappedKeys, cappedBlocks, cappedRecords);
    }

    static boolean earlierRuleHas(long[][] keys, List<Set<Long>> capped, int rule, int a, int b) {
        for (int q = 0; q < rule; q++) {
            long k = keys[q][a];
            if (k != 0 && k == keys[q][b] && !capped.get(q).contains(k)) {
                return true;
            }
        }
        return false;
    }
}
