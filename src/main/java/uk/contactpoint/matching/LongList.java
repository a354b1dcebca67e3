package uk.contactpoint.matching;

import java.util.Arrays;

/** A growable array of longs: candidate pairs run to tens of millions, too many to box. */
final class LongList {
    private long[] values;
    private int size;

    LongList(int capacity) {
        values = new long[Math.max(16, capacity)];
    }

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length + (values.length >> 1));
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    long get(int i) {
        return values[i];
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    static long[] concat(java.util.List<LongList> lists) {
        long total = 0;
        for (LongList l : lists) {
            total += l.size;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("too many candidate pairs: " + total);
        }
        long[] out = new long[(int) total];
        int at = 0;
        for (LongList l : lists) {
            System.arraycopy(l.values, 0, out, at, l.size);
            at += l.size;
        }
        return out;
    }
}
