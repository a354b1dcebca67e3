package uk.contactpoint.kernel;

/** An open-addressing set of longs: eight bytes an entry rather than a boxed Long's thirty-odd. */
public final class LongSet {
    private static final long EMPTY = 0L;
    private long[] slots = new long[1 << 10];
    private int size;
    private boolean hasZero;

    /** Adds the value; false when it was already there. */
    public boolean add(long value) {
        if (value == EMPTY) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if (size * 2 >= slots.length) {
            grow();
        }
        return insert(slots, value);
    }

    private boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        int i = (int) mix(value) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = value;
        if (table == slots) {
            size++;
        }
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long value : slots) {
            if (value != EMPTY) {
                insert(bigger, value);
            }
        }
        slots = bigger;
    }

    /** Spreads a long's bits over the table (MurmurHash3's finaliser): ids that differ in their low bits collide less. */
    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
