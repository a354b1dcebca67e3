package uk.contactpoint.matching;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

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
        SHIELDED
    }

    private Prepared[] records;
    private int[] parent;
    private int[] next; // members of a cluster form a circular list
    private int[] size;
    private boolean[] shieldedCluster;
    private int count;
    private final Set<Long> apart = new HashSet<>();

    Clusterer(int capacity) {
        int c = Math.max(16, capacity);
        records = new Prepared[c];
        parent = new int[c];
        next = new int[c];
        size = new int[c];
        shieldedCluster = new boolean[c];
    }

    int add(Prepared p) {
        if (count == records.length) {
            int c = count + (count >> 1);
            records = Arrays.copyOf(records, c);
            parent = Arrays.copyOf(parent, c);
            next = Arrays.copyOf(next, c);
            size = Arrays.copyOf(size, c);
            shieldedCluster = Arrays.copyOf(shieldedCluster, c);
        }
        int i = count++;
        records[i] = p;
        parent[i] = i;
        next[i] = i;
        size[i] = 1;
        shieldedCluster[i] = p.shielded;
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

    /** A person decided these two records are different children: no automatic merge may join them. */
    void keepApart(int a, int b) {
        apart.add(Blocker.pair(a, b));
    }

    /** A person decided these two records are one child: merged whatever the constraints say. */
    void forceTogether(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            link(ra, rb);
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
