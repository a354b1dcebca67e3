package uk.contactpoint.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * {@link SlipQuery} finds exactly the terms, and so the documents, that Lucene's {@link FuzzyQuery} finds: compared on
 * random indexes of several segments with deletions, over small alphabets so that many terms are within reach and
 * the cap of 50 terms, with its order among equally similar terms, decides.
 */
class SlipQueryTest {

    private static final String FIELD = "name";

    @Test
    void finds_the_terms_and_documents_fuzzy_query_finds() throws IOException {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 12; round++) {
            String alphabet = round % 3 == 0 ? "AB" : round % 3 == 1 ? "ABCD" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
            int maxLength = round % 2 == 0 ? 7 : 12;
            try (var directory = new ByteBuffersDirectory();
                    var writer = new IndexWriter(
                            directory, new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE))) {
                List<String> vocabulary = new ArrayList<>();
                for (int i = 0; i < 300 + random.nextInt(1500); i++) {
                    vocabulary.add(word(random, alphabet, 1 + random.nextInt(maxLength)));
                }
                int docs = 0;
                for (int segment = 0; segment < 1 + random.nextInt(4); segment++) {
                    for (int d = 0; d < 50 + random.nextInt(400); d++) {
                        Document doc = new Document();
                        doc.add(new StringField("id", Integer.toString(docs++), Field.Store.NO));
                        for (int t = 0; t < 1 + random.nextInt(3); t++) {
                            String name = vocabulary.get(random.nextInt(vocabulary.size()));
                            doc.add(new StringField(FIELD, name, Field.Store.NO));
                        }
                        writer.addDocument(doc);
                    }
                    for (int d = 0; d < 20; d++) {
                        writer.deleteDocuments(new Term("id", Integer.toString(random.nextInt(docs))));
                    }
                    writer.commit();
                }
                try (DirectoryReader reader = DirectoryReader.open(writer)) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    for (int q = 0; q < 150; q++) {
                        String key = random.nextInt(3) == 0
                                ? mutate(random, vocabulary.get(random.nextInt(vocabulary.size())), alphabet)
                                : word(random, alphabet, 1 + random.nextInt(maxLength + 1));
                        int edits = random.nextInt(3);
                        Query fuzzy = new FuzzyQuery(new Term(FIELD, key), edits);
                        Query slips = new SlipQuery(FIELD, key, edits);
                        String what =
                                "replay with -Dtests.seed=" + seed + ": round " + round + ", " + key + "~" + edits;
                        assertThat(terms(searcher.rewrite(slips))).as(what).isEqualTo(terms(searcher.rewrite(fuzzy)));
                        assertThat(docs(searcher, slips)).as(what).isEqualTo(docs(searcher, fuzzy));
                    }
                }
            }
        }
    }

    @Test
    void distance_counts_a_transposition_as_one_edit_and_never_edits_a_letter_twice() {
        assertThat(SlipTerms.distance(cp("SMITH"), cp("SMIHT"), 2)).isEqualTo(1);
        assertThat(SlipTerms.distance(cp("SMITH"), cp("SMYTHE"), 2)).isEqualTo(2);
        assertThat(SlipTerms.distance(cp("SMITH"), cp("SMITH"), 2)).isZero();
        assertThat(SlipTerms.distance(cp("MILLIE"), cp("MLILIE"), 1)).isEqualTo(1);
        // CA to ABC is two edits with a transposition edited again, three as Lucene's automata count it.
        assertThat(SlipTerms.distance(cp("CA"), cp("ABC"), 2)).isEqualTo(3);
        assertThat(SlipTerms.distance(cp("JONES"), cp("JOHNSTON"), 2)).isEqualTo(3);
    }

    @Test
    void an_index_without_the_field_finds_nothing() throws IOException {
        try (var directory = new ByteBuffersDirectory();
                var writer = new IndexWriter(directory, new IndexWriterConfig())) {
            Document doc = new Document();
            doc.add(new StringField("other", "SMITH", Field.Store.NO));
            writer.addDocument(doc);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                assertThat(searcher.count(new SlipQuery(FIELD, "SMITH", 1))).isZero();
            }
        }
    }

    private static int[] cp(String s) {
        return s.codePoints().toArray();
    }

    private static String word(SplittableRandom random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** One or two random edits: substitution, insertion, deletion or transposition. */
    private static String mutate(SplittableRandom random, String word, String alphabet) {
        StringBuilder b = new StringBuilder(word);
        for (int e = 0; e < 1 + random.nextInt(2); e++) {
            int i = b.isEmpty() ? 0 : random.nextInt(b.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (!b.isEmpty()) {
                        b.setCharAt(i, c);
                    }
                }
                case 1 -> b.insert(i, c);
                case 2 -> {
                    if (b.length() > 1) {
                        b.deleteCharAt(i);
                    }
                }
                default -> {
                    if (i + 1 < b.length()) {
                        char t = b.charAt(i);
                        b.setCharAt(i, b.charAt(i + 1));
                        b.setCharAt(i + 1, t);
                    }
                }
            }
        }
        return b.toString();
    }

    private static Set<String> terms(Query rewritten) {
        Set<String> terms = new TreeSet<>();
        rewritten.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query query, Term... ts) {
                for (Term t : ts) {
                    terms.add(t.text());
                }
            }

            @Override
            public QueryVisitor getSubVisitor(org.apache.lucene.search.BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        return terms;
    }

    private static Set<Integer> docs(IndexSearcher searcher, Query query) throws IOException {
        Set<Integer> docs = new HashSet<>();
        for (ScoreDoc d : searcher.search(query, Integer.MAX_VALUE / 2).scoreDocs) {
            docs.add(d.doc);
        }
        return docs;
    }
}
