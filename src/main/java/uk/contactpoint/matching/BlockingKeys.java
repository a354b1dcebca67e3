package uk.contactpoint.matching;

import java.util.Arrays;

/**
 * The blocking keys of a record, for a store outside the engine (the directory's key table) that must find the same
 * candidates as the batch's blocking: two records are candidates when they share any key.
 */
public final class BlockingKeys {
    private BlockingKeys() {}

    /** The record's keys under every blocking rule, without the rules that need a value the record lacks. */
    public static long[] of(MatchModel model, LinkageRecord record) {
        Prepared p = model.standardiser().prepare(record);
        long[] keys = new long[BlockingRule.ALL.size()];
        int n = 0;
        for (BlockingRule rule : BlockingRule.ALL) {
            long key = rule.key(p);
            if (key != 0) {
                keys[n++] = key;
            }
        }
        return Arrays.copyOf(keys, n);
    }
}
