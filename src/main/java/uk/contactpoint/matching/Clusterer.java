package uk.contactpoint.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Union-find over records with the constraints checked on every union: a merge goes ahead only if no record of one
 * cluster is forbidden from being the same child as any record of the other (clusters are small, one record per
 * source at most, so checking all cross pairs is cheap). Used the same way by the batch and the incremental linker,
 * which is what makes their clusters agree. Not thread-safe.
 */
final class Clusterer {

    /** What happened when two records' clusters were to be merged. */
    enum Union {
        MERGED,
        ALREADY_TOGETHER,
        SAME_SOURCE,
        NHS_CONFLICT,
        TWINS,
        MANUAL_APART,
        SHIELDED,
        AMBIGUOUS
    }

    private Prepared[] records;
    private int[] parent;
    private int[] next; // members of a cluster form a circular list
    private int[] size;
    private boolean[] shieldedCluster;
    private boolean[] ambiguousCluster;
    private int[] forcedWith; // a record it was forced together with, or -1
    private final Map<Integer, List<Integer>> moreForced = new HashMap<>();
    private int count;
    private final Set<Long> apart = new HashSet<>();

    Clusterer(int capacity) {
        int c = Math.max(16, capacity);
        records = new Prepared[c];
        parent = new int[c];
        next = new int[c];
        size = new int[c];
        shieldedCluster = new boolean[c];
        ambiguousCluster = new boolean[c];
        forcedWith = new int[c];
    }

    int add(Prepared p) {
        if (count == records.length) {
            int c = count + (count >> 1);
            records = Arrays.copyOf(records, c);
            parent = Arrays.copyOf(parent, c);
            next = Arrays.copyOf(next, c);
            size = Arrays.copyOf(size, c);
            shieldedCluster = Arrays.copyOf(shieldedCluster, c);
            ambiguousCluster = Arrays.copyOf(ambiguousCluster, c);
            forcedWith = Arrays.copyOf(forcedWith, c);
        }
        int i = count++;
        records[i] = p;
        parent[i] = i;
        next[i] = i;
        size[i] = 1;
        shieldedCluster[i] = p.shielded;
        forcedWith[i] = -1;
        return i;
    }

    int size() {
        return count;
    }

    Prepared record(int i) {
        return records[i];
    }

    int find(int i) {
        int root = i;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[i] != root) {
            int up = parent[i];
            parent[i] = root;
            i = up;
        }
        return root;
    }

    int clusterSize(int i) {
        return size[find(i)];
    }

    /** The record cannot tell which of two children it belongs to ({@link Ambiguity}): it waits for review. */
    void holdAmbiguous(int i) {
        ambiguousCluster[find(i)] = true;
    }

    /** Whether the record's cluster waits for review because a record of it is ambiguous. */
    boolean heldAmbiguous(int i) {
        return ambiguousCluster[find(i)];
    }

    /** A person decided these two records are different children: no automatic merge may join them. */
    void keepApart(int a, int b) {
        apart.add(Blocker.pair(a, b));
    }

    /** A person decided these two records are one child: merged whatever the constraints say. */
    void forceTogether(int a, int b) {
        remember(a, b);
        remember(b, a);
        join(a, b);
        // The person's decision answers the question an ambiguous record was waiting on.
        ambiguousCluster[find(a)] = false;
    }

    private void remember(int a, int b) {
        if (forcedWith[a] < 0) {
            forcedWith[a] = b;
        } else if (forcedWith[a] != b) {
            moreForced.computeIfAbsent(a, k -> new ArrayList<>(2)).add(b);
        }
    }

    /** Holds the record where it is, as a child the directory already has: nothing automatic takes it out. */
    void fix(int i) {
        if (forcedWith[i] < 0) {
            forcedWith[i] = i;
        }
    }

    /** Whether a person (or the directory, for a child it holds) put this record together with another. */
    boolean forced(int i) {
        return forcedWith[i] >= 0;
    }

    /**
     * Takes the cluster of i apart into single records again, keeping only what was forced together, so that the
     * caller can merge the rest anew without a record that turned out to be ambiguous.
     */
    void separate(int[] members) {
        for (int m : members) {
            parent[m] = m;
            next[m] = m;
            size[m] = 1;
            shieldedCluster[m] = records[m].shielded;
            ambiguousCluster[m] = false;
        }
        for (int m : members) {
            if (forcedWith[m] >= 0) {
                join(m, forcedWith[m]);
            }
            for (int other : moreForced.getOrDefault(m, List.of())) {
                join(m, other);
            }
        }
    }

    private void join(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            link(ra, rb);
        }
    }

    /** Told what happened to each attempted merge, retries included. */
    interface Outcomes {
        void of(int k, Union result);
    }

    /**
     * Merges the first {@code count} pairs (the k-th joins {@code left(k)} and {@code right(k)}) in their order. A
     * merge refused because the two clusters looked like twins is tried again once the others are done: another record
     * of the child may show that the names are one name after all ("Ted George" against "George Theodore" once
     * "Theodore George" has joined). Both linkers merge this way.
     */
    void mergeAll(int count, IntUnaryOperator left, IntUnaryOperator right, Outcomes outcomes) {
        LongList refused = new LongList(16);
        for (int k = 0; k < count; k++) {
            Union result = tryUnion(left.applyAsInt(k), right.applyAsInt(k));
            if (result == Union.TWINS) {
                refused.add(k);
            }
            outcomes.of(k, result);
        }
        for (int pass = 0; pass < 3 && refused.size() > 0; pass++) {
            LongList still = new LongList(refused.size());
            boolean merged = false;
            for (int r = 0; r < refused.size(); r++) {
                int k = (int) refused.get(r);
                Union result = tryUnion(left.applyAsInt(k), right.applyAsInt(k));
                merged |= result == Union.MERGED;
                if (result == Union.TWINS) {
                    still.add(k);
                }
                outcomes.of(k, result);
            }
            refused = still;
            if (!merged) {
                break;
            }
        }
    }

    /** Merges the clusters of a and b unless a constraint forbids it; says what happened. */
    Union tryUnion(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return Union.ALREADY_TOGETHER;
        }
        Union problem = check(ra, rb);
        if (problem != null) {
            return problem;
        }
        link(ra, rb);
        return Union.MERGED;
    }

    /** Why the clusters of a and b may not be merged automatically, or null when they may. */
    Union whyNot(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        return ra == rb ? Union.ALREADY_TOGETHER : check(ra, rb);
    }

    /**
     * Checks every pair across the two clusters. Twins are judged on the clusters as wholes: they are two children
     * when some pair across them looks like twins and no pair across them gives the child the same name, so that one
     * record with a slip in a nickname cannot keep a child's records apart.
     */
    private Union check(int ra, int rb) {
        // A shielded child is never linked automatically, nor is a cluster a person linked a shielded record into.
        if (shieldedCluster[ra] || shieldedCluster[rb]) {
            return Union.SHIELDED;
        }
        if (ambiguousCluster[ra] || ambiguousCluster[rb]) {
            return Union.AMBIGUOUS;
        }
        boolean twinLike = false;
        boolean sameName = false;
        boolean sameSource = false;
        int x = ra;
        do {
            int y = rb;
            do {
                Prepared a = records[x];
                Prepared b = records[y];
                if (!apart.isEmpty() && apart.contains(Blocker.pair(x, y))) {
                    return Union.MANUAL_APART;
                }
                if (Comparisons.nhsConflict(a, b)) {
                    return Union.NHS_CONFLICT;
                }
                sameSource |= a.source.equals(b.source);
                if (!sameName && Comparisons.sameGivenName(a, b)) {
                    sameName = true;
                }
                if (!twinLike && Comparisons.twinLike(a, b)) {
                    twinLike = true;
                }
                y = next[y];
            } while (y != rb);
            x = next[x];
        } while (x != ra);
        // Twins before sources: two children of one household are not a possible duplicate for review.
        if (twinLike && !sameName) {
            return Union.TWINS;
        }
        return sameSource ? Union.SAME_SOURCE : null;
    }

    private void link(int ra, int rb) {
        if (size[ra] < size[rb]) {
            int t = ra;
            ra = rb;
            rb = t;
        }
        parent[rb] = ra;
        size[ra] += size[rb];
        shieldedCluster[ra] |= shieldedCluster[rb];
        ambiguousCluster[ra] |= ambiguousCluster[rb];
        int t = next[ra];
        next[ra] = next[rb];
        next[rb] = t;
    }

    /** The members of i's cluster. */
    int[] members(int i) {
        int root = find(i);
        int[] out = new int[size[root]];
        int at = 0;
        int x = root;
        do {
            out[at++] = x;
            x = next[x];
        } while (x != root);
        return out;
    }

    /**
     * The cluster key of every record: the smallest record key among its cluster's members, so that the key does not
     * depend on the order in which records arrived or merges happened.
     */
    String[] clusterKeys() {
        String[] smallest = new String[count];
        for (int i = 0; i < count; i++) {
            int r = find(i);
            if (smallest[r] == null || records[i].key.compareTo(smallest[r]) < 0) {
                smallest[r] = records[i].key;
            }
        }
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = smallest[find(i)];
        }
        return out;
    }
}
