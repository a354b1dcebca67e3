package uk.contactpoint.search;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * One segment's terms of one name field, with a deletion neighbourhood (SymSpell): every term is filed under each
 * string it becomes with up to {@link #MAX_EDITS} letters deleted. Two strings within k edits (insertions, deletions,
 * substitutions and transpositions of adjacent letters, each one edit) become the same string by deleting at most k
 * letters from each, so the terms within k edits of a typed key are among those filed under the key's own deletions;
 * each is then checked by its exact distance. Finding them costs a few dozen hash look-ups, instead of building a
 * Levenshtein automaton for every query and intersecting it with the term dictionary.
 *
 * <p>A segment never changes, so its terms are read once, when the segment is first searched (or warmed: {@link
 * #warm}), and kept until the segment closes. With each term its {@link TermState} is kept too, so that the query
 * built from the terms found seeks nothing. Letters are Unicode code points, as in Lucene's automata.
 */
final class SlipTerms {

    /** The most edits a look-up may allow: Lucene's fuzzy query allows two at most too. */
    static final int MAX_EDITS = 2;

    private static final int INDEX_BITS = 24;
    private static final int MAX_TERMS = 1 << INDEX_BITS;
    private static final int DELETION_BITS = 2;
    private static final int KEY_BITS = 63 - INDEX_BITS - DELETION_BITS;

    private static final Map<IndexReader.CacheKey, Map<String, SlipTerms>> SEGMENTS = new ConcurrentHashMap<>();

    private static final SlipTerms EMPTY = new SlipTerms(new int[0][], new BytesRef[0], null, null, null);

    /** Each term's code points, in term order. */
    private final int[][] letters;

    private final BytesRef[] bytes;
    private final TermState[] states;
    private final int[] docFreqs;
    private final long[] totalTermFreqs;

    /**
     * One entry per term and distinct deletion of it, sorted: the deletion's hash (its top {@link #KEY_BITS} bits),
     * how many letters it deletes, and the term's index.
     */
    private long[] entries = new long[0];

    /** {@code directory[b]} is the first entry whose key starts with the {@code bucketBits} bits {@code b}. */
    private int[] directory = {0, 0};

    private int bucketBits;

    private SlipTerms(int[][] letters, BytesRef[] bytes, TermState[] states, int[] docFreqs, long[] totalTermFreqs) {
        this.letters = letters;
        this.bytes = bytes;
        this.states = states;
        this.docFreqs = docFreqs;
        this.totalTermFreqs = totalTermFreqs;
    }

    /**
     * The terms of {@code field} in this segment, read and kept until the segment closes; {@code null} when there are
     * more than this class can file (about 16 million: the caller then falls back to Lucene's own fuzzy query).
     */
    static SlipTerms of(LeafReader reader, String field) throws IOException {
        IndexReader.CacheHelper cache = reader.getCoreCacheHelper();
        if (cache == null) {
            return build(reader, field);
        }
        IndexReader.CacheKey key = cache.getKey();
        Map<String, SlipTerms> fields = SEGMENTS.get(key);
        if (fields == null) {
            Map<String, SlipTerms> fresh = new ConcurrentHashMap<>();
            fields = SEGMENTS.putIfAbsent(key, fresh);
            if (fields == null) {
                fields = fresh;
                cache.addClosedListener(SEGMENTS::remove);
            }
        }
        SlipTerms terms = fields.get(field);
        if (terms == null) {
            // Two searches of a new segment may both read it; the second result replaces the first, harmlessly.
            terms = build(reader, field);
            if (terms != null) {
                fields.putIfAbsent(field, terms);
            }
        }
        return terms;
    }

    /** Reads the given fields of a segment ahead of its first search (a new or merged segment, a reopened index). */
    static void warm(LeafReader reader, List<String> fields) throws IOException {
        for (String field : fields) {
            of(reader, field);
        }
    }

    /** What is kept, for the benchmarks: segments, terms, filed deletions and their approximate size on the heap. */
    static String kept() {
        long segments = SEGMENTS.size();
        long terms = 0;
        long entries = 0;
        long bytes = 0;
        for (Map<String, SlipTerms> fields : SEGMENTS.values()) {
            for (SlipTerms t : fields.values()) {
                terms += t.letters.length;
                entries += t.entries.length;
                bytes += 8L * t.entries.length + 4L * t.directory.length;
                for (int i = 0; i < t.letters.length; i++) {
                    // the code points, the bytes, the term state and the statistics, with their headers
                    bytes += 16 + 4L * t.letters[i].length + 40 + t.bytes[i].length + 64 + 12 + 8;
                }
            }
        }
        return String.format(
                "%,d segments, %,d name terms filed under %,d deletions, about %,d MB",
                segments, terms, entries, bytes >> 20);
    }

    private static SlipTerms build(LeafReader reader, String field) throws IOException {
        Terms terms = reader.terms(field);
        if (terms == null) {
            return EMPTY;
        }
        long size = terms.size();
        int capacity = size >= 0 && size < MAX_TERMS ? (int) size : 1024;
        int[][] letters = new int[capacity][];
        BytesRef[] bytes = new BytesRef[capacity];
        TermState[] states = new TermState[capacity];
        int[] docFreqs = new int[capacity];
        long[] totalTermFreqs = new long[capacity];
        int n = 0;
        TermsEnum e = terms.iterator();
        for (BytesRef term = e.next(); term != null; term = e.next()) {
            if (n == MAX_TERMS) {
                return null;
            }
            if (n == letters.length) {
                int grown = Math.min(MAX_TERMS, n * 2);
                letters = Arrays.copyOf(letters, grown);
                bytes = Arrays.copyOf(bytes, grown);
                states = Arrays.copyOf(states, grown);
                docFreqs = Arrays.copyOf(docFreqs, grown);
                totalTermFreqs = Arrays.copyOf(totalTermFreqs, grown);
            }
            letters[n] = term.utf8ToString().codePoints().toArray();
            bytes[n] = BytesRef.deepCopyOf(term);
            states[n] = e.termState();
            docFreqs[n] = e.docFreq();
            totalTermFreqs[n] = e.totalTermFreq();
            n++;
        }
        SlipTerms slips = new SlipTerms(
                Arrays.copyOf(letters, n),
                Arrays.copyOf(bytes, n),
                Arrays.copyOf(states, n),
                Arrays.copyOf(docFreqs, n),
                Arrays.copyOf(totalTermFreqs, n));
        slips.file();
        return slips;
    }

    /** Files every term under each of its deletions. */
    private void file() {
        long count = 0;
        for (int[] term : letters) {
            count += deletions(term.length);
        }
        if (count > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("too many name terms to file: " + count);
        }
        long[] all = new long[(int) count];
        int[] next = {0};
        for (int t = 0; t < letters.length; t++) {
            int term = t;
            forEachDeletion(letters[t], MAX_EDITS, (hash, deleted) -> all[next[0]++] = entry(hash, deleted, term));
        }
        Arrays.sort(all);
        // A term with a repeated letter becomes the same string by deleting either: file it once.
        int unique = 0;
        for (int i = 0; i < all.length; i++) {
            if (unique == 0 || all[i] != all[unique - 1]) {
                all[unique++] = all[i];
            }
        }
        entries = Arrays.copyOf(all, unique);
        bucketBits = Math.max(1, Math.min(KEY_BITS, 64 - Long.numberOfLeadingZeros(Math.max(1, unique))));
        directory = new int[(1 << bucketBits) + 1];
        int e = 0;
        for (int b = 0; b < (1 << bucketBits); b++) {
            directory[b] = e;
            while (e < unique && bucket(entries[e]) == b) {
                e++;
            }
        }
        directory[1 << bucketBits] = unique;
    }

    /** How many deletions of up to {@link #MAX_EDITS} letters a term of this length has, at most. */
    private static long deletions(int length) {
        return 1 + length + (long) length * (length - 1) / 2;
    }

    private static long entry(long hash, int deleted, int term) {
        return ((hash >>> (64 - KEY_BITS)) << (INDEX_BITS + DELETION_BITS)) | ((long) deleted << INDEX_BITS) | term;
    }

    private static long key(long entry) {
        return entry >>> (INDEX_BITS + DELETION_BITS);
    }

    private int bucket(long entry) {
        return (int) (key(entry) >>> (KEY_BITS - bucketBits));
    }

    /** A typed key as the look-ups need it: its code points, the edits allowed, and the hashes of its deletions. */
    static final class Key {
        final int[] letters;
        final int maxEdits;
        private final long[] hashes;

        Key(int[] letters, int maxEdits) {
            this.letters = letters;
            this.maxEdits = maxEdits;
            long[] all = new long[(int) deletions(letters.length)];
            int[] n = {0};
            forEachDeletion(letters, maxEdits, (hash, deleted) -> all[n[0]++] = hash);
            this.hashes = Arrays.copyOf(all, n[0]);
        }
    }

    /** Scratch space for one query's look-ups, reused across segments. */
    static final class Scratch {
        int[] candidates = new int[64];
        int[] rows = new int[3 * 32];
    }

    /**
     * Every term within {@code key.maxEdits} edits of the key, once each, into {@code terms} and {@code distances};
     * returns how many.
     */
    int find(Key key, Scratch scratch, int[][] terms, int[][] distances) {
        if (letters.length == 0) {
            return 0;
        }
        int[] candidates = scratch.candidates;
        int count = 0;
        for (long hash : key.hashes) {
            long k = hash >>> (64 - KEY_BITS);
            int b = (int) (k >>> (KEY_BITS - bucketBits));
            for (int i = directory[b], end = directory[b + 1]; i < end; i++) {
                long entry = entries[i];
                if (key(entry) == k && (int) ((entry >>> INDEX_BITS) & 3) <= key.maxEdits) {
                    if (count == candidates.length) {
                        candidates = Arrays.copyOf(candidates, count * 2);
                    }
                    candidates[count++] = (int) (entry & (MAX_TERMS - 1));
                }
            }
        }
        scratch.candidates = candidates;
        Arrays.sort(candidates, 0, count);
        int[] found = terms[0];
        int[] away = distances[0];
        int n = 0;
        for (int i = 0; i < count; i++) {
            int term = candidates[i];
            if (i > 0 && term == candidates[i - 1]) {
                continue; // filed under several of the key's deletions: checked once
            }
            int d = distance(key.letters, letters[term], key.maxEdits, scratch);
            if (d <= key.maxEdits) {
                if (n == found.length) {
                    found = Arrays.copyOf(found, n * 2);
                    away = Arrays.copyOf(away, n * 2);
                }
                found[n] = term;
                away[n] = d;
                n++;
            }
        }
        terms[0] = found;
        distances[0] = away;
        return n;
    }

    int codePoints(int term) {
        return letters[term].length;
    }

    BytesRef bytes(int term) {
        return bytes[term];
    }

    TermState state(int term) {
        return states[term];
    }

    int docFreq(int term) {
        return docFreqs[term];
    }

    long totalTermFreq(int term) {
        return totalTermFreqs[term];
    }

    private interface Deletion {
        void of(long hash, int deleted);
    }

    /** The hash of the string and of each string it becomes with one, or two, letters deleted. */
    private static void forEachDeletion(int[] s, int maxDeleted, Deletion out) {
        int n = s.length;
        out.of(hash(s, -1, -1), 0);
        if (maxDeleted >= 1) {
            for (int i = 0; i < n; i++) {
                out.of(hash(s, i, -1), 1);
            }
        }
        if (maxDeleted >= 2) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    out.of(hash(s, i, j), 2);
                }
            }
        }
    }

    /** FNV-1a over the code points, skipping two positions, then MurmurHash3's finaliser to spread the bits. */
    private static long hash(int[] s, int skip1, int skip2) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length; i++) {
            if (i != skip1 && i != skip2) {
                h = (h ^ s[i]) * 0x100000001b3L;
            }
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * The optimal string alignment distance (Levenshtein with a transposition of two adjacent letters as one edit, no
     * letter edited twice): what Lucene's Levenshtein automata with transpositions accept. Anything above {@code max}
     * is returned as {@code max + 1}.
     */
    static int distance(int[] a, int[] b, int max) {
        return distance(a, b, max, new Scratch());
    }

    private static int distance(int[] a, int[] b, int max, Scratch scratch) {
        int n = a.length;
        int m = b.length;
        if (Math.abs(n - m) > max) {
            return max + 1;
        }
        if (scratch.rows.length < 3 * (m + 1)) {
            scratch.rows = new int[3 * (m + 1)];
        }
        int[] rows = scratch.rows;
        int before = 0;
        int previous = m + 1;
        int current = 2 * (m + 1);
        for (int j = 0; j <= m; j++) {
            rows[previous + j] = j;
        }
        for (int i = 1; i <= n; i++) {
            rows[current] = i;
            int rowMin = i;
            for (int j = 1; j <= m; j++) {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int d = Math.min(
                        Math.min(rows[previous + j] + 1, rows[current + j - 1] + 1), rows[previous + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                    d = Math.min(d, rows[before + j - 2] + 1);
                }
                rows[current + j] = d;
                rowMin = Math.min(rowMin, d);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int t = before;
            before = previous;
            previous = current;
            current = t;
        }
        return Math.min(rows[previous + m], max + 1);
    }
}
