package uk.contactpoint.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The terms of a field within one or two typing slips of a key, as Lucene's {@link FuzzyQuery} (its defaults:
 * transpositions count as one edit, no required prefix, at most {@value #MAX_EXPANSIONS} terms) finds them, but found
 * through each segment's {@link SlipTerms} instead of a Levenshtein automaton built for every query.
 *
 * <p>It rewrites to exactly the terms FuzzyQuery rewrites to: of every term in any segment within the edits, the
 * {@value #MAX_EXPANSIONS} with the highest similarity ({@code 1 - edits / min(letters of term, letters of key)}, 1
 * for the key itself), the lower term first among equals. The search keeps it inside a constant score, so the terms'
 * weights do not matter, only which documents hold one of them.
 */
final class SlipQuery extends Query {

    static final int MAX_EXPANSIONS = FuzzyQuery.defaultMaxExpansions;

    private final String field;
    private final String key;
    private final int[] letters;
    private final int maxEdits;

    SlipQuery(String field, String key, int maxEdits) {
        if (maxEdits < 0 || maxEdits > SlipTerms.MAX_EDITS) {
            throw new IllegalArgumentException("edits must be 0 to " + SlipTerms.MAX_EDITS + ": " + maxEdits);
        }
        this.field = Objects.requireNonNull(field);
        this.key = Objects.requireNonNull(key);
        this.letters = key.codePoints().toArray();
        // FuzzyQuery matches an empty key exactly, whatever the edits.
        this.maxEdits = letters.length == 0 ? 0 : maxEdits;
    }

    /** A term found in one or more segments: its similarity, and where it was found. */
    private static final class Candidate {
        final BytesRef bytes;
        final float similarity;
        final int term;
        final List<Where> found = new ArrayList<>(2);

        Candidate(BytesRef bytes, float similarity, int term) {
            this.bytes = bytes;
            this.similarity = similarity;
            this.term = term;
        }
    }

    /** A segment holding a candidate term, and the term's index there. */
    private record Where(LeafReaderContext leaf, SlipTerms slips, int term) {}

    private static final Comparator<Candidate> BEST_FIRST = (a, b) -> {
        int bySimilarity = Float.compare(b.similarity, a.similarity);
        return bySimilarity != 0 ? bySimilarity : a.bytes.compareTo(b.bytes);
    };

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        IndexReaderContext top = searcher.getTopReaderContext();
        SlipTerms.Key typed = new SlipTerms.Key(letters, maxEdits);
        SlipTerms.Scratch scratch = new SlipTerms.Scratch();
        int[][] terms = {new int[16]};
        int[][] distances = {new int[16]};
        Map<BytesRef, Candidate> found = new HashMap<>();
        List<Candidate> leafFound = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            SlipTerms slips = SlipTerms.of(leaf.reader(), field);
            if (slips == null) {
                return asFuzzyQuery().rewrite(searcher);
            }
            int n = slips.find(typed, scratch, terms, distances);
            leafFound.clear();
            for (int i = 0; i < n; i++) {
                int term = terms[0][i];
                leafFound.add(
                        new Candidate(slips.bytes(term), similarity(slips.codePoints(term), distances[0][i]), term));
            }
            // A term among the best of all segments is among the best of each segment that holds it: the rest of
            // this segment's terms can be left out.
            if (leafFound.size() > MAX_EXPANSIONS) {
                leafFound.sort(BEST_FIRST);
            }
            for (int i = 0; i < Math.min(MAX_EXPANSIONS, leafFound.size()); i++) {
                Candidate c = leafFound.get(i);
                Candidate known = found.putIfAbsent(c.bytes, c);
                (known == null ? c : known).found.add(new Where(leaf, slips, c.term));
            }
        }
        if (found.isEmpty()) {
            return new MatchNoDocsQuery("no term within " + maxEdits + " edits of " + key);
        }
        List<Candidate> best = new ArrayList<>(found.values());
        best.sort(BEST_FIRST);
        List<Query> clauses = new ArrayList<>(Math.min(MAX_EXPANSIONS, best.size()));
        for (Candidate c : best.subList(0, Math.min(MAX_EXPANSIONS, best.size()))) {
            TermStates states = new TermStates(top);
            for (Where w : c.found) {
                states.register(
                        w.slips().state(w.term()),
                        w.leaf().ord,
                        w.slips().docFreq(w.term()),
                        w.slips().totalTermFreq(w.term()));
            }
            clauses.add(new TermQuery(new Term(field, BytesRef.deepCopyOf(c.bytes)), states));
        }
        // Not a BooleanQuery: the enclosing disjunction would flatten it into itself and rewrite again, as it does
        // not a DisjunctionMaxQuery, which is also what FuzzyQuery rewrites to. Scores do not matter here.
        return clauses.size() == 1 ? clauses.getFirst() : new DisjunctionMaxQuery(clauses, 0f);
    }

    /** The Lucene query this one finds the terms of. */
    FuzzyQuery asFuzzyQuery() {
        return new FuzzyQuery(new Term(field, key), maxEdits);
    }

    /** FuzzyTermsEnum's boost, to the float: what FuzzyQuery ranks the terms it found by. */
    private float similarity(int termLetters, int distance) {
        if (distance == 0) {
            return 1.0f;
        }
        return 1.0f - (float) distance / (float) Math.min(termLetters, letters.length);
    }

    @Override
    public void visit(QueryVisitor visitor) {
        if (visitor.acceptField(field)) {
            visitor.visitLeaf(this);
        }
    }

    @Override
    public String toString(String defaultField) {
        return (field.equals(defaultField) ? "" : field + ":") + key + "~" + maxEdits;
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other)
                && field.equals(((SlipQuery) other).field)
                && key.equals(((SlipQuery) other).key)
                && maxEdits == ((SlipQuery) other).maxEdits;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), field, key, maxEdits);
    }
}
