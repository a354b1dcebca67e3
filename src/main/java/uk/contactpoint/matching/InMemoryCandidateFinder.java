package uk.contactpoint.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Candidates from the blocking rules, held in memory: for each rule, a map from the rule's key to the newest record
 * with that key, and a chain from each record to the previous one with the same key. A key shared by more records
 * than the block cap is skipped, as the batch skips a block that large. Not thread-safe.
 */
public final class InMemoryCandidateFinder implements CandidateFinder {
    private static final int RULES = BlockingRule.ALL.size();

    private final Standardiser standardiser;
    private final int maxBlockSize;
    private final LongIntMap[] heads = new LongIntMap[RULES];
    private int[][] previous = new int[RULES][];
    private int[][] blockSize = new int[RULES][];
    private String[] keys;
    private int count;

    public InMemoryCandidateFinder(int maxBlockSize, int expectedRecords) {
        this.standardiser = new Standardiser(NameVariants.standard());
        this.maxBlockSize = maxBlockSize;
        int capacity = Math.max(16, expectedRecords);
        for (int r = 0; r < RULES; r++) {
            heads[r] = new LongIntMap(capacity);
            previous[r] = new int[capacity];
            blockSize[r] = new int[capacity];
        }
        keys = new String[capacity];
    }

    public InMemoryCandidateFinder() {
        this(BatchLinker.DEFAULT_MAX_BLOCK, 1024);
    }

    @Override
    public void add(LinkageRecord record) {
        add(standardiser.prepare(record));
    }

    @Override
    public List<String> candidates(LinkageRecord probe) {
        return candidates(standardiser.prepare(probe));
    }

    void add(Prepared p) {
        if (count == keys.length) {
            int c = count + (count >> 1);
            keys = Arrays.copyOf(keys, c);
            for (int r = 0; r < RULES; r++) {
                previous[r] = Arrays.copyOf(previous[r], c);
                blockSize[r] = Arrays.copyOf(blockSize[r], c);
            }
        }
        int i = count++;
        keys[i] = p.key;
        for (int r = 0; r < RULES; r++) {
            long k = BlockingRule.ALL.get(r).key(p);
            if (k == 0) {
                previous[r][i] = -1;
                continue;
            }
            int head = heads[r].get(k);
            previous[r][i] = head;
            blockSize[r][i] = head < 0 ? 1 : blockSize[r][head] + 1;
            heads[r].put(k, i);
        }
    }

    List<String> candidates(Prepared p) {
        int[] found = new int[16];
        int n = 0;
        for (int r = 0; r < RULES; r++) {
            long k = BlockingRule.ALL.get(r).key(p);
            if (k == 0) {
                continue;
            }
            int head = heads[r].get(k);
            // The block the probe would join: skipped when it would be larger than the cap.
            if (head < 0 || blockSize[r][head] + 1 > maxBlockSize) {
                continue;
            }
            for (int i = head; i >= 0; i = previous[r][i]) {
                if (n == found.length) {
                    found = Arrays.copyOf(found, n * 2);
                }
                found[n++] = i;
            }
        }
        Arrays.sort(found, 0, n);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i == 0 || found[i] != found[i - 1]) {
                out.add(keys[found[i]]);
            }
        }
        return out;
    }

    public int size() {
        return count;
    }
}
