package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The directory's blocking keys held in memory for one first load (ADR 37): key and record as two sorted primitive
 * arrays per segment, 16 bytes a key. The first segment is read from {@code link_key} when the load starts; each
 * chunk adds its own once linked. A chunk's candidates are then found by binary search instead of a join that grew
 * with the directory, and a key shared by more records than the engine's block cap is passed over, as the engine
 * passes over such a block.
 */
final class BlockIndex {

    private final List<Segment> segments = new ArrayList<>();
    private final int read;
    private long size;

    /** The index of the keys read from the database: parallel arrays of keys and their records, in any order. */
    BlockIndex(long[] keys, long[] records) {
        add(keys, records);
        read = segments.size();
    }

    /** Adds one segment: parallel arrays of keys and their records, in any order (they are sorted here). */
    void add(long[] keys, long[] records) {
        if (keys.length != records.length) {
            throw new IllegalArgumentException("keys and records differ in length");
        }
        if (keys.length == 0) {
            return;
        }
        sort(keys, records, 0, keys.length - 1);
        segments.add(new Segment(keys, records));
        size += keys.length;
    }

    /** Adds the keys of these records. */
    void add(Map<Long, long[]> keysByRecord) {
        int count = keysByRecord.values().stream().mapToInt(k -> k.length).sum();
        long[] keys = new long[count];
        long[] records = new long[count];
        int at = 0;
        for (Map.Entry<Long, long[]> entry : keysByRecord.entrySet()) {
            for (long key : entry.getValue()) {
                keys[at] = key;
                records[at++] = entry.getKey();
            }
        }
        add(keys, records);
    }

    long size() {
        return size;
    }

    /** Receives a key and its record. */
    interface KeyConsumer {
        void accept(long key, long record);
    }

    /**
     * The keys added since the index was read, every segment merged in key order: written so, a B-tree on the keys
     * is filled in one sweep instead of at random places all over it.
     */
    void forEachAdded(KeyConsumer consumer) {
        List<Segment> added = segments.subList(read, segments.size());
        int[] at = new int[added.size()];
        while (true) {
            int next = -1;
            long lowest = Long.MAX_VALUE;
            for (int s = 0; s < at.length; s++) {
                long[] keys = added.get(s).keys();
                if (at[s] < keys.length && (next < 0 || keys[at[s]] < lowest)) {
                    next = s;
                    lowest = keys[at[s]];
                }
            }
            if (next < 0) {
                return;
            }
            consumer.accept(lowest, added.get(next).records()[at[next]++]);
        }
    }

    /**
     * The records holding any of these keys, leaving out the keys held by more than {@code cap} records: the engine
     * would not compare within such a block, so its records would only be read to no purpose.
     */
    Set<Long> recordsSharing(Collection<long[]> probes, int cap) {
        Set<Long> found = new TreeSet<>();
        int[] from = new int[segments.size()];
        int[] to = new int[segments.size()];
        for (long[] probe : probes) {
            for (long key : probe) {
                int shared = 0;
                for (int s = 0; s < segments.size(); s++) {
                    long[] keys = segments.get(s).keys();
                    from[s] = first(keys, key, false);
                    to[s] = first(keys, key, true);
                    shared += to[s] - from[s];
                }
                if (shared == 0 || shared > cap) {
                    continue;
                }
                for (int s = 0; s < segments.size(); s++) {
                    long[] records = segments.get(s).records();
                    for (int i = from[s]; i < to[s]; i++) {
                        found.add(records[i]);
                    }
                }
            }
        }
        return found;
    }

    /** The first position whose key is at least this one, or above it. */
    private static int first(long[] keys, long key, boolean above) {
        int low = 0;
        int high = keys.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (keys[mid] < key || (above && keys[mid] == key)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Sorts both arrays by key: a quicksort moving each record with its key (no boxing, no index array). */
    private static void sort(long[] keys, long[] records, int low, int high) {
        while (high - low > 16) {
            int mid = (low + high) >>> 1;
            long pivot = median(keys[low], keys[mid], keys[high]);
            int i = low;
            int j = high;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(keys, records, i++, j--);
                }
            }
            // The smaller side by recursion, the larger by the loop: the stack stays logarithmic.
            if (j - low < high - i) {
                sort(keys, records, low, j);
                low = i;
            } else {
                sort(keys, records, i, high);
                high = j;
            }
        }
        for (int i = low + 1; i <= high; i++) {
            for (int j = i; j > low && keys[j - 1] > keys[j]; j--) {
                swap(keys, records, j - 1, j);
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void swap(long[] keys, long[] records, int i, int j) {
        long key = keys[i];
        keys[i] = keys[j];
        keys[j] = key;
        long record = records[i];
        records[i] = records[j];
        records[j] = record;
    }

    private record Segment(long[] keys, long[] records) {}
}
