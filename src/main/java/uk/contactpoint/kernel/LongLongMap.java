package uk.contactpoint.kernel;

/**
 * An open-addressing map of positive longs to longs: sixteen bytes an entry (at most twice that with the free
 * slots) rather than two boxed Longs and a node, so that millions of record-to-child links fit in a load's memory.
 */
public final class LongLongMap {
    private long[] keys = new long[1 << 10];
    private long[] values = new long[1 << 10];
    private int size;

    /** Maps the key, which must be positive, to the value, replacing any value it had. */
    public void put(long key, long value) {
        if (key <= 0) {
            throw new IllegalArgumentException("keys must be positive, not " + key);
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        if (insert(keys, values, key, value)) {
            size++;
        }
    }

    /** The key's value, or {@code absent} when it has none. */
    public long get(long key, long absent) {
        if (key <= 0) {
            return absent;
        }
        int mask = keys.length - 1;
        for (int i = (int) LongSet.mix(key) & mask; keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return absent;
    }

    public int size() {
        return size;
    }

    /** Puts the pair into the tables; true when the key was new. */
    private static boolean insert(long[] keys, long[] values, long key, long value) {
        int mask = keys.length - 1;
        int i = (int) LongSet.mix(key) & mask;
        while (keys[i] != 0) {
            if (keys[i] == key) {
                values[i] = value;
                return false;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        return true;
    }

    private void grow() {
        long[] biggerKeys = new long[keys.length * 2];
        long[] biggerValues = new long[keys.length * 2];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                insert(biggerKeys, biggerValues, keys[i], values[i]);
            }
        }
        keys = biggerKeys;
        values = biggerValues;
    }
}
