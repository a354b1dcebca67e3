package uk.contactpoint.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.contactpoint.directory.ChildIndexSource;
import uk.contactpoint.matching.MatchModel;
import uk.contactpoint.matching.NameVariants;

/** Retrieval and ranking over a small in-memory index, with the matcher's reference weights. */
class RankerTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final Ranker ranker = new Ranker(MatchModel.reference(), NameVariants.standard());
    static IndexSearcher searcher;
    static long next = 1;

    static ChildIndexSource.Child child(
            String given, String family, List<String> former, String dob, String postcode, boolean shielded) {
        long id = next++;
        return new ChildIndexSource.Child(
                id,
                "CP" + "0".repeat(8) + "0",
                "ACTIVE",
                given,
                family,
                former,
                LocalDate.parse(dob),
                "FEMALE",
                null,
                null,
                id + " Mill Lane",
                null,
                "Leeds",
                postcode,
                shielded);
    }

    @BeforeAll
    static void index() throws IOException {
        var docs = new ChildDocuments(NameVariants.standard());
        var directory = new ByteBuffersDirectory();
        try (var writer = new IndexWriter(directory, new IndexWriterConfig())) {
            for (var c : List.of(
                    child("Amelia Rose", "Thornton", List.of("Baxter"), "2015-03-07", "LS6 2AB", false),
                    child("Amelia", "Thornton", List.of(), "2015-03-08", "BD1 1AA", false),
                    child("Olivia", "Thornton", List.of(), "2015-03-07", "LS6 2AB", false),
                    child("Alfred", "Okonkwo-Davies", List.of(), "2016-11-02", "LS7 3DE", false),
                    child("Grace", "Whitfield", List.of("Pemberton"), "2014-05-20", "LS9 8QT", true))) {
                writer.addDocument(docs.document(c));
            }
            for (int i = 0; i < 12; i++) {
                writer.addDocument(docs.document(child(
                        "Child" + (char) ('a' + i),
                        "Crowther",
                        List.of(),
                        "2013-0" + (1 + i % 9) + "-1" + i % 10,
                        "LS8 1AA",
                        false)));
            }
        }
        searcher = new IndexSearcher(DirectoryReader.open(directory));
    }

    static List<String> found(String family, String given, String dob, String year, String postcode)
            throws IOException {
        var criteria = SearchCriteria.of(
                new SearchCriteria.Input(family, given, dob, year, null, null, postcode, null, null), TODAY);
        return ranker.rank(searcher, criteria).qualifying().stream()
                .map(s -> s.child().givenNames() + " " + s.child().familyName() + " "
                        + s.child().dateOfBirth())
                .toList();
    }

    @Test
    void the_exact_child_ranks_first_and_a_different_given_name_is_not_found() throws IOException {
        assertThat(found("Thornton", "Amelia", "2015-03-07", null, null))
                .containsExactly("Amelia Rose Thornton 2015-03-07", "Amelia Thornton 2015-03-08");
    }

    @Test
    void a_typo_in_the_family_name_and_a_nickname_still_find_the_child() throws IOException {
        assertThat(found("Thornten", "Millie", "2015-03-07", null, null))
                .first()
                .isEqualTo("Amelia Rose Thornton 2015-03-07");
        assertThat(found("Okonkwo-Davies", "Alfie", "2016-11-02", null, null))
                .containsExactly("Alfred Okonkwo-Davies 2016-11-02");
        assertThat(found("Thornton", "Amilia", "2015-03-07", null, null))
                .first()
                .isEqualTo("Amelia Rose Thornton 2015-03-07");
    }

    @Test
    void a_transposed_date_of_birth_a_former_name_and_one_part_of_a_hyphenated_name_find_the_child()
            throws IOException {
        assertThat(found("Okonkwo", "Alfred", "2016-02-11", null, null))
                .containsExactly("Alfred Okonkwo-Davies 2016-11-02");
        assertThat(found("Davies", null, "2016-11-02", null, null)).containsExactly("Alfred Okonkwo-Davies 2016-11-02");
        assertThat(found("Baxter", "Amelia", "2015-03-07", null, null))
                .containsExactly("Amelia Rose Thornton 2015-03-07");
    }

    @Test
    void a_postcode_without_its_space_or_only_its_district_finds_the_child() throws IOException {
        assertThat(found("Okonkwo-Davies", null, null, null, "ls73de"))
                .containsExactly("Alfred Okonkwo-Davies 2016-11-02");
        assertThat(found("Okonkwo Davies", null, null, null, "LS7"))
                .containsExactly("Alfred Okonkwo-Davies 2016-11-02");
        assertThat(found("Okonkwo-Davies", null, null, "2016", null))
                .containsExactly("Alfred Okonkwo-Davies 2016-11-02");
    }

    @Test
    void a_shielded_child_is_found_by_name_and_date_of_birth_but_never_by_postcode_or_former_name() throws IOException {
        assertThat(found("Whitfield", "Grace", "2014-05-20", null, null)).containsExactly("Grace Whitfield 2014-05-20");
        assertThat(found("Whitfield", "Grace", null, null, "LS9 8QT")).isEmpty();
        assertThat(found("Whitfield", null, null, null, "LS9")).isEmpty();
        assertThat(found("Pemberton", "Grace", "2014-05-20", null, null)).isEmpty();
        // The address given or not, right or wrong, the shielded child's weight is the same: nothing leaks by rank.
        var right = SearchCriteria.of(
                new SearchCriteria.Input("Whitfield", "Grace", "2014-05-20", null, null, null, "LS9 8QT", null, null),
                TODAY);
        var wrong = SearchCriteria.of(
                new SearchCriteria.Input("Whitfield", "Grace", "2014-05-20", null, null, null, "BD1 1AA", null, null),
                TODAY);
        assertThat(ranker.rank(searcher, right).qualifying().getFirst().weight())
                .isEqualTo(ranker.rank(searcher, wrong).qualifying().getFirst().weight());
        assertThat(ranker.rank(searcher, right).qualifying().getFirst().child().town())
                .isNull();
    }

    @Test
    void more_than_ten_qualifying_children_are_all_returned_to_the_service_which_asks_to_refine() throws IOException {
        assertThat(found("Crowther", null, null, "2013", null)).hasSize(12);
        assertThat(found("Crowther", "Childc", null, "2013", null))
                .first()
                .asString()
                .startsWith("Childc");
    }

    @Test
    void short_names_allow_no_typing_slips() {
        assertThat(Ranker.edits("LI")).isZero();
        assertThat(Ranker.edits("SMITH")).isEqualTo(1);
        assertThat(Ranker.edits("OKONKWODAVIES")).isEqualTo(2);
    }
}
