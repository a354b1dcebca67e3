package uk.contactpoint.search;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import uk.contactpoint.matching.LinkageRecord;
import uk.contactpoint.matching.MatchModel;
import uk.contactpoint.matching.NameVariants;
import uk.contactpoint.matching.Standardise;

/**
 * Turns criteria into a Lucene query that retrieves every child the matcher could accept, then scores each hit with
 * the matcher's own comparisons and weights ({@link MatchModel.Probe}) and keeps those within {@link #MARGIN} bits of
 * a perfect agreement with what was typed. Retrieval is deliberately loose (names by key, part, former name, variant,
 * sound and one or two typing slips; dates of birth exact, transposed, a day out or a year out); the weight decides.
 */
final class Ranker {

    /** More hits than this and the criteria are too broad to rank: the searcher is asked to refine. */
    static final int MAX_CANDIDATES = 500;

    /**
     * How far below a perfect agreement (in bits of match weight) a child may score and still be shown. 15 bits keeps a
     * nickname with a transposed date of birth and a slip in the family name (about 10 bits down) and drops a
     * different given name (about 18 bits down) or a date of birth that agrees only in month and year (about 21).
     */
    static final double MARGIN = 15.0;

    record Scored(ChildDocuments.IndexedChild child, double weight) {}

    /** The children that qualify, best first; {@code overflow} when the query hit more than it may rank. */
    record Ranked(List<Scored> qualifying, boolean overflow, int hits) {}

    private final MatchModel model;
    private final NameVariants variants;

    Ranker(MatchModel model, NameVariants variants) {
        this.model = model;
        this.variants = variants;
    }

    Ranked rank(IndexSearcher searcher, SearchCriteria criteria) throws IOException {
        ScoreDoc[] hits = searcher.search(query(criteria), MAX_CANDIDATES + 1).scoreDocs;
        if (hits.length > MAX_CANDIDATES) {
            return new Ranked(List.of(), true, hits.length);
        }
        MatchModel.Probe probe = model.probe(probe(criteria));
        double floor = criteria.byIdentifier() ? Double.NEGATIVE_INFINITY : probe.best() - MARGIN;
        StoredFields stored = searcher.storedFields();
        List<Scored> qualifying = new ArrayList<>();
        for (ScoreDoc hit : hits) {
            var child =
                    ChildDocuments.IndexedChild.decode(stored.document(hit.doc).get(ChildDocuments.DATA));
            double weight = probe.weight(record(child));
            if (weight >= floor) {
                qualifying.add(new Scored(child, weight));
            }
        }
        qualifying.sort(Comparator.comparingDouble(Scored::weight)
                .reversed()
                .thenComparing(s -> s.child().childId()));
        return new Ranked(qualifying, false, hits.length);
    }

    /** The retrieval query. Identifiers are exact and decide alone; otherwise name, and date or place, must match. */
    Query query(SearchCriteria c) {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        if (c.byIdentifier()) {
            if (c.nhsNumber() != null) {
                q.add(new TermQuery(new Term(ChildDocuments.NHS, c.nhsNumber().value())), Occur.FILTER);
            }
            if (c.upn() != null) {
                q.add(new TermQuery(new Term(ChildDocuments.UPN, c.upn().value())), Occur.FILTER);
            }
            return new ConstantScoreQuery(q.build());
        }
        q.add(familyClause(c.familyName()), Occur.FILTER);
        if (c.givenName() != null) {
            q.add(givenClause(c.givenName()), Occur.FILTER);
        }
        BooleanQuery.Builder whenOrWhere = new BooleanQuery.Builder();
        if (c.dateOfBirth() != null) {
            whenOrWhere.add(IntPoint.newSetQuery(ChildDocuments.DOB, nearDates(c.dateOfBirth())), Occur.SHOULD);
        }
        if (c.bornFrom() != null) {
            whenOrWhere.add(
                    IntPoint.newRangeQuery(
                            ChildDocuments.DOB, (int) c.bornFrom().toEpochDay(), (int)
                                    c.bornTo().toEpochDay()),
                    Occur.SHOULD);
        }
        if (c.postcode() != null) {
            whenOrWhere.add(
                    new TermQuery(new Term(ChildDocuments.POSTCODE, ChildDocuments.compact(c.postcode()))),
                    Occur.SHOULD);
        }
        if (c.district() != null) {
            whenOrWhere.add(new TermQuery(new Term(ChildDocuments.DISTRICT, c.district())), Occur.SHOULD);
        }
        q.add(whenOrWhere.setMinimumNumberShouldMatch(1).build(), Occur.FILTER);
        return new ConstantScoreQuery(q.build());
    }

    private static Query familyClause(String name) {
        Set<String> keys = ChildDocuments.familyKeys(name);
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String key : keys) {
            b.add(new TermQuery(new Term(ChildDocuments.FAMILY, key)), Occur.SHOULD);
        }
        for (String code : ChildDocuments.phonetics(keys)) {
            b.add(new TermQuery(new Term(ChildDocuments.FAMILY_PHONETIC, code)), Occur.SHOULD);
        }
        fuzzy(b, ChildDocuments.FAMILY, Standardise.nameKey(name));
        return b.build();
    }

    private Query givenClause(String name) {
        Set<String> keys = ChildDocuments.givenKeys(name);
        Set<String> terms = new LinkedHashSet<>(keys);
        for (String key : keys) {
            variants.variantsOf(key).forEach(v -> terms.add(Standardise.nameKey(v)));
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String term : terms) {
            if (!term.isEmpty()) {
                b.add(new TermQuery(new Term(ChildDocuments.GIVEN, term)), Occur.SHOULD);
            }
        }
        for (String code : ChildDocuments.phonetics(keys)) {
            b.add(new TermQuery(new Term(ChildDocuments.GIVEN_PHONETIC, code)), Occur.SHOULD);
        }
        // The index holds each child's nicknames too, so a slip in a nickname is found (Mlilie for Millie).
        for (String key : Standardise.givenNameKeys(name)) {
            fuzzy(b, ChildDocuments.GIVEN, key);
        }
        return b.build();
    }

    /** Typing slips allowed for a name of this length: none for short names, where one edit is another name. */
    static int edits(String key) {
        return key.length() < 4 ? 0 : key.length() < 8 ? 1 : 2;
    }

    private static void fuzzy(BooleanQuery.Builder b, String field, String key) {
        int edits = edits(key);
        if (edits > 0) {
            b.add(new SlipQuery(field, key, edits), Occur.SHOULD);
        }
    }

    /** The dates of birth whose comparison level carries positive weight: exact, transposed, a day out, a year out. */
    static Set<Integer> nearDates(LocalDate dob) {
        Set<Integer> days = new LinkedHashSet<>();
        days.add((int) dob.toEpochDay());
        days.add((int) dob.minusDays(1).toEpochDay());
        days.add((int) dob.plusDays(1).toEpochDay());
        try {
            days.add((int) LocalDate.of(dob.getYear(), dob.getDayOfMonth(), dob.getMonthValue())
                    .toEpochDay());
        } catch (DateTimeException e) {
            // the day cannot be a month: no transposition
        }
        for (int years : new int[] {-1, 1}) {
            try {
                days.add((int) LocalDate.of(dob.getYear() + years, dob.getMonthValue(), dob.getDayOfMonth())
                        .toEpochDay());
            } catch (DateTimeException e) {
                // 29 February in a year without it
            }
        }
        return days;
    }

    /** The criteria as a linkage record: the probe the matcher scores every hit against. */
    static LinkageRecord probe(SearchCriteria c) {
        return new LinkageRecord(
                "search",
                "search",
                c.givenName(),
                c.familyName(),
                List.of(),
                c.dateOfBirth(),
                null,
                c.postcode() == null ? null : c.postcode().value(),
                null,
                null,
                c.nhsNumber() == null ? null : c.nhsNumber().value(),
                c.upn() == null ? null : c.upn().value(),
                false);
    }

    static LinkageRecord record(ChildDocuments.IndexedChild child) {
        return new LinkageRecord(
                "child/" + child.id(),
                "directory",
                child.givenNames(),
                child.familyName(),
                child.formerFamilyNames(),
                child.dateOfBirth(),
                child.gender(),
                child.postcode(),
                child.addressLine1(),
                child.addressLine2(),
                child.nhsNumber(),
                child.upn(),
                child.shielded());
    }
}
