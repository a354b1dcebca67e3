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
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
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

    private record Candidate(BytesRef bytes, float similarity, TermStates states) {}

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        IndexReaderContext top = searcher.getTopReaderContext();
        Map<BytesRef, Candidate> found = new HashMap<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            SlipTerms terms = SlipTerms.of(leaf.reader(), field);
            if (terms == null) {
                return asFuzzyQuery().rewrite(searcher);
            }
            terms.find(letters, maxEdits, (term, distance) -> {
                BytesRef bytes = terms.bytes(term);
                Candidate c = found.get(bytes);
                if (c == null) {
                    c = new Candidate(bytes, similarity(terms.codePoints(term), distance), new TermStates(top));
                    found.put(bytes, c);
                }
                c.states().register(terms.state(term), leaf.ord, terms.docFreq(term), terms.totalTermFreq(term));
            });
        }
        if (found.isEmpty()) {
            return new MatchNoDocsQuery("no term within " + maxEdits + " edits of " + key);
        }
        List<Candidate> best = new ArrayList<>(found.values());
        best.sort(Comparator.comparingDouble(Candidate::similarity).reversed().thenComparing(Candidate::bytes));
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Candidate c : best.subList(0, Math.min(MAX_EXPANSIONS, best.size()))) {
            b.add(new TermQuery(new Term(field, BytesRef.deepCopyOf(c.bytes())), c.states()), Occur.SHOULD);
        }
        return b.build();
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
