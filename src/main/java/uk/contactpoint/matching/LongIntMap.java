package uk.contactpoint.matching;

import java.util.Arrays;

/** An open-addressing map from non-zero long keys to int values, without boxing: millions of blocking keys fit. */
final class LongIntMap {
    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
    }

    /** The value for the key, or -1. */
    int get(long key) {
        int mask = keys.length - 1;
        int i = (int) Hashing.mix(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == 0) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    void put(long key, int value) {
        if (key == 0) {
            throw new IllegalArgumentException("0 is not a key");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) Hashing.mix(key) & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            size++;
            keys[i] = key;
        }
        values[i] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(keys, 0);
        size = 0;
    }
}
