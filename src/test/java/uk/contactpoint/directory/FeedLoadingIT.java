package uk.contactpoint.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.generator.Identifiers;
import uk.contactpoint.generator.SyntheticFeeds;
import uk.contactpoint.kernel.SourceCode;
import uk.contactpoint.matching.LinkageRecord;
import uk.contactpoint.testing.HeldLoad;

/**
 * Loading feeds into the directory, on a real database: what each load changes, what a reload does not, and the
 * safety rules of linkage. Subclasses choose H2 or PostgreSQL.
 */
// The 1,500 children's files linked in bulk, as national files are; the social-care file's few stay batch by batch.
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"contactpoint.matching.small-first-file=500", "contactpoint.matching.bulk-engine-records=2000"})
abstract class FeedLoadingIT {

    static final long SEED = Long.getLong("tests.seed", 20261125L);

    @Autowired
    FeedLoader loader;

    @Autowired
    Sources sources;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LinkageReporting reporting;

    @Autowired
    CandidateRecords candidateRecords;

    @Autowired
    SourceRecords sourceRecords;

    @TempDir
    Path dir;

    /** Shared by the tests of a class, so that no two tests draw the same identifiers. */
    static final SplittableRandom random = new SplittableRandom(SEED);

    static final Sources.Source HEALTH = new Sources.Source(new SourceCode("nhs-pds"), "Health", Sources.Kind.HEALTH);
    static final Sources.Source BENEFIT =
            new Sources.Source(new SourceCode("hmrc-child-benefit"), "Benefit", Sources.Kind.BENEFIT);
    static final Sources.Source SCHOOL =
            new Sources.Source(new SourceCode("dfe-school-census"), "Census", Sources.Kind.SCHOOL_CENSUS);
    static final Sources.Source SOCIAL =
            new Sources.Source(new SourceCode("la-social-care"), "Social care", Sources.Kind.LOCAL_AUTHORITY);
    static final Sources.Source LOCAL =
            new Sources.Source(new SourceCode("la-test"), "Test LA", Sources.Kind.LOCAL_AUTHORITY);
    static final Sources.Source OTHER =
            new Sources.Source(new SourceCode("la-other"), "Other LA", Sources.Kind.LOCAL_AUTHORITY);

    @BeforeEach
    void registerSources() {
        List.of(HEALTH, BENEFIT, SCHOOL, SOCIAL, LOCAL, OTHER).forEach(sources::register);
    }

    long count(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (Object param : params) {
            spec = spec.param(param);
        }
        return spec.query(Long.class).single();
    }

    Path feed(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void generated_feeds_load_into_linked_children_and_a_reload_changes_nothing() throws IOException {
        Path generated = dir.resolve("generated");
        SyntheticFeeds.write(
                new SyntheticFeeds.Options(1_500, SEED, SyntheticFeeds.DEFAULT_AS_OF, 1.0), generated, l -> {});
        long truthRows =
                Files.readAllLines(generated.resolve(SyntheticFeeds.TRUTH_FILE)).size() - 1;
        long childrenBefore = count("select count(*) from child");
        long recordsBefore = count(
                "select count(*) from source_record where source_code in ('nhs-pds', 'hmrc-child-benefit', 'dfe-school-census', 'la-social-care')");

        for (var source : List.of(HEALTH, BENEFIT, SCHOOL, SOCIAL)) {
            var report =
                    loader.load(source.code(), generated.resolve(source.code().value() + ".csv"));
            assertThat(report.rejected()).isZero();
            assertThat(report.alreadyLoaded()).isFalse();
        }
        long records = count(
                        "select count(*) from source_record where source_code in ('nhs-pds', 'hmrc-child-benefit', 'dfe-school-census', 'la-social-care')")
                - recordsBefore;
        assertThat(records).isEqualTo(truthRows);
        assertThat(count("""
                select count(*) from source_record r where not exists
                  (select 1 from source_link l where l.source_record_id = r.id and l.match_result = 'MATCH')""")).as("every record is linked to a child").isZero();
        // First loads write the blocking keys once, at the end: each linked record's keys are there for later loads,
        // and none twice.
        assertThat(count("""
                select count(*) from source_link l where l.match_result = 'MATCH' and not exists
                  (select 1 from link_key k where k.source_record_id = l.source_record_id)""")).as("every linked record keeps its blocking keys").isZero();
        assertThat(count("""
                select count(*) from (select block_key, source_record_id from link_key
                  group by block_key, source_record_id having count(*) > 1) twice""")).isZero();
        long children = count("select count(*) from child") - childrenBefore;
        var linkage = reporting.report(generated.resolve(SyntheticFeeds.TRUTH_FILE));
        assertThat(linkage.precision()).isGreaterThanOrEqualTo(0.999);
        assertThat(linkage.recall()).isGreaterThanOrEqualTo(0.98);
        assertThat(linkage.mergedTwins()).isZero();
        assertThat(children).isBetween(1_500L - linkage.clustersMergingChildren(), 1_500L + linkage.childrenSplit());
        // Too few records to train on: linked with the bundled model, and every link says so, with its waterfall.
        String bundled = jdbc.sql("select version from match_model where origin = 'BUNDLED'")
                .query(String.class)
                .single();
        assertThat(jdbc.sql("""
                        select distinct l.model_version from source_link l join source_record r on r.id = l.source_record_id
                        where r.source_code = 'la-social-care'""").query(String.class).list()).containsExactly(bundled);
        assertThat(jdbc.sql("""
                        select l.comparisons from source_link l join source_record r on r.id = l.source_record_id
                        where r.source_code = 'la-social-care' and l.weight >= 2""").query(String.class).list())
                .isNotEmpty()
                .allSatisfy(
                        json -> assertThat(json)
                                .contains("\"contributions\"", "\"date of birth\"")
                                // Always in this order, so that the same decision is written the same way in every run.
                                .containsPattern(
                                        "^\\{\"against\":\"[^\"]+\",\"weight\":[-0-9.E]+,\"contributions\":\\[\\{\"field\":\"prior\",\"level\":"));
        // Candidates are weighed as read for weighing only: the same engine records as from the whole records.
        List<Long> ids =
                jdbc.sql("select id from source_record").query(Long.class).list();
        Map<Long, LinkageRecord> whole = new HashMap<>();
        sourceRecords.findByIds(ids).forEach(r -> whole.put(r.id(), LinkageInput.of(r.source(), r.data(), false)));
        Map<Long, LinkageRecord> weighed = new HashMap<>();
        candidateRecords.read(ids).forEach(c -> weighed.put(c.id(), c.input()));
        assertThat(weighed).hasSize(ids.size()).isEqualTo(whole);
        assertThat(count("select count(*) from change_log where kind = 'CREATED'"))
                .isEqualTo(count("select count(*) from child"));
        long changesAfterFirstLoad = count("select count(*) from change_log");

        // The same files again: skipped whole.
        for (var source : List.of(HEALTH, BENEFIT, SCHOOL, SOCIAL)) {
            assertThat(loader.load(
                                    source.code(),
                                    generated.resolve(source.code().value() + ".csv"))
                            .alreadyLoaded())
                    .isTrue();
        }
        // The same rows in another order (so another file): every row unchanged, nothing else either.
        List<String> lines = new ArrayList<>(Files.readAllLines(generated.resolve("nhs-pds.csv")));
        List<String> reversed = new ArrayList<>(lines.subList(1, lines.size()).reversed());
        reversed.addFirst(lines.getFirst());
        Path reordered = dir.resolve("nhs-pds-reordered.csv");
        Files.write(reordered, reversed);
        var again = loader.load(HEALTH.code(), reordered);
        assertThat(again.alreadyLoaded()).isFalse();
        assertThat(again.inserted() + again.updated() + again.deleted()).isZero();
        assertThat(again.unchanged()).isEqualTo(lines.size() - 1);
        assertThat(count("select count(*) from child") - childrenBefore).isEqualTo(children);
        assertThat(count("select count(*) from change_log")).isEqualTo(changesAfterFirstLoad);

        // One changed row: that record is updated and its child follows.
        String header = lines.getFirst();
        String row = lines.get(1);
        String recordId = row.substring(0, row.indexOf(','));
        List<String> cells = new ArrayList<>(List.of(row.split(",", -1)));
        int postcode = List.of(header.split(",")).indexOf("postcode");
        cells.set(postcode, "ZE1 0AA");
        Path changed = feed("nhs-pds-changed.csv", header, String.join(",", cells));
        var update = loader.load(HEALTH.code(), changed);
        assertThat(update.updated()).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select c.postcode from child c join source_link l on l.child_id = c.id
                        join source_record r on r.id = l.source_record_id
                        where r.source_code = 'nhs-pds' and r.record_id = ?""").param(recordId).query(String.class).single()).isEqualTo("ZE1 0AA");
        assertThat(count("select count(*) from change_log")).isEqualTo(changesAfterFirstLoad + 1);
        assertThat(count("select count(*) from feed_run where state = 'COMPLETED'"))
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void a_second_load_while_one_is_running_is_refused_and_loses_nothing() throws Exception {
        String header = "record_id,nhs_number,given_names,family_name,date_of_birth";
        Path first = feed(
                "lock-first.csv",
                header,
                "lock-1," + Identifiers.nhsNumber(random).value() + ",Ann,Lockfirst,2016-02-01");
        Path second = feed(
                "lock-second.csv",
                header,
                "lock-2," + Identifiers.nhsNumber(random).value() + ",Bea,Locksecond,2016-03-01");
        uk.contactpoint.feeds.FeedRunReport firstReport;
        try (var held = HeldLoad.start(loader, LOCAL.code(), first)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader.load(OTHER.code(), second))
                    .isInstanceOf(uk.contactpoint.feeds.LoadBusyException.class)
                    .hasMessageContaining("another load is running")
                    .hasMessageContaining("of la-test (lock-first.csv)");
            assertThat(
                            count(
                                    "select count(*) from feed_run where source_code = 'la-other' and file_name = 'lock-second.csv'"))
                    .as("the refused load started no run")
                    .isZero();
            firstReport = held.finish();
        }
        assertThat(firstReport.inserted()).isEqualTo(1);
        assertThat(loader.load(OTHER.code(), second).inserted())
                .as("once the first has finished")
                .isEqualTo(1);
    }

    @Test
    void a_delete_ends_the_record_and_a_child_no_source_knows_is_kept_and_marked() throws IOException {
        String nhs = Identifiers.nhsNumber(random).value();
        loader.load(
                LOCAL.code(),
                feed(
                        "add.csv",
                        "record_id,nhs_number,given_names,family_name,date_of_birth",
                        "gone-1," + nhs + ",Amy,Leaving,2015-04-01"));
        String childId = childIdOf("la-test", "gone-1");
        var report = loader.load(LOCAL.code(), feed("delete.csv", "record_id,action", "gone-1,delete"));
        assertThat(report.deleted()).isEqualTo(1);
        assertThat(jdbc.sql("select state from child where child_id = ?")
                        .param(childId)
                        .query(String.class)
                        .single())
                .isEqualTo("UNKNOWN_TO_SOURCES");
        assertThat(jdbc.sql("select state from source_record where source_code = 'la-test' and record_id = 'gone-1'")
                        .query(String.class)
                        .single())
                .isEqualTo("DELETED");
    }

    @Test
    void a_sensitive_service_reaches_the_directory_only_with_consent() throws IOException {
        String header =
                "record_id,nhs_number,given_names,family_name,date_of_birth,service_type,service_name,consent_recorded";
        loader.load(
                LOCAL.code(),
                feed(
                        "camhs.csv",
                        header,
                        "mh-1," + Identifiers.nhsNumber(random).value() + ",Ben,Quiet,2011-02-03,mental_health,CAMHS,",
                        "mh-2," + Identifiers.nhsNumber(random).value()
                                + ",Cal,Quiet,2011-02-04,mental_health,CAMHS,true"));
        assertThat(involvementsOf(childIdOf("la-test", "mh-1"))).isZero();
        assertThat(count(
                        "select count(*) from involvement i join child c on c.id = i.child_id where c.child_id = ? and i.sensitive",
                        childIdOf("la-test", "mh-2")))
                .isEqualTo(1);
    }

    @Test
    void a_shielded_child_is_never_linked_automatically_nor_exposed_by_a_new_record() throws IOException {
        String nhs = Identifiers.nhsNumber(random).value();
        String header = "record_id,nhs_number,given_names,family_name,date_of_birth,postcode";
        loader.load(LOCAL.code(), feed("first.csv", header, "sh-1," + nhs + ",Dana,Hidden,2014-06-07,LS6 2AB"));
        String childId = childIdOf("la-test", "sh-1");
        jdbc.sql("update child set shielded = true where child_id = ?")
                .param(childId)
                .update();
        long childrenBefore = count("select count(*) from child");

        loader.load(OTHER.code(), feed("second.csv", header, "sh-2," + nhs + ",Dana,Hidden,2014-06-07,M1 1AE"));

        assertThat(count("select count(*) from child"))
                .as("no second, visible record")
                .isEqualTo(childrenBefore);
        assertThat(jdbc.sql("""
                        select l.match_result from source_link l join source_record r on r.id = l.source_record_id
                        where r.source_code = 'la-other' and r.record_id = 'sh-2'""").query(String.class).list()).containsExactly("POSSIBLE_MATCH");
        assertThat(jdbc.sql("select postcode from child where child_id = ?")
                        .param(childId)
                        .query(String.class)
                        .single())
                .as("the new address never reaches the shielded record automatically")
                .isEqualTo("LS6 2AB");
    }

    @Test
    void conflicting_nhs_numbers_twins_and_a_second_record_of_one_source_are_never_merged() throws IOException {
        String header = "record_id,nhs_number,given_names,family_name,date_of_birth,address_line_1,postcode";
        loader.load(
                LOCAL.code(),
                feed(
                        "family.csv",
                        header,
                        "tw-1," + Identifiers.nhsNumber(random).value()
                                + ",Evie,Twinning,2019-01-02,1 Mill Lane,LS6 2AB",
                        "tw-2," + Identifiers.nhsNumber(random).value()
                                + ",Ella,Twinning,2019-01-02,1 Mill Lane,LS6 2AB",
                        "cf-1," + Identifiers.nhsNumber(random).value()
                                + ",Finn,Conflict,2018-03-04,2 Mill Lane,LS6 2AB",
                        "dup-1,,Gus,Double,2017-05-06,3 Mill Lane,LS6 2AB",
                        "dup-2,,Gus,Double,2017-05-06,3 Mill Lane,LS6 2AB"));
        loader.load(
                OTHER.code(),
                feed(
                        "conflict.csv",
                        header,
                        "cf-2," + Identifiers.nhsNumber(random).value()
                                + ",Finn,Conflict,2018-03-04,2 Mill Lane,LS6 2AB"));

        assertThat(childIdOf("la-test", "tw-1")).isNotEqualTo(childIdOf("la-test", "tw-2"));
        assertThat(childIdOf("la-test", "cf-1")).isNotEqualTo(childIdOf("la-other", "cf-2"));
        assertThat(childIdOf("la-test", "dup-1")).isNotEqualTo(childIdOf("la-test", "dup-2"));
    }

    @Test
    void records_of_one_child_from_two_sources_are_linked_by_nhs_number_and_the_record_draws_on_both()
            throws IOException {
        String nhs = Identifiers.nhsNumber(random).value();
        loader.load(
                LOCAL.code(),
                feed(
                        "la.csv",
                        "record_id,nhs_number,given_names,family_name,date_of_birth,parent_1_name,parent_1_relationship",
                        "both-1," + nhs + ",Hana,Joined,2016-08-09,Ivy Joined,mother"));
        loader.load(
                HEALTH.code(),
                feed(
                        "pds.csv",
                        "record_id,nhs_number,given_names,family_name,date_of_birth,service_type,service_org_code,service_name",
                        "both-2," + nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6)
                                + ",Hana,Joined,2016-08-09,gp,B86001,Park Surgery"));
        String childId = childIdOf("la-test", "both-1");
        assertThat(childIdOf("nhs-pds", "both-2")).isEqualTo(childId);
        assertThat(count(
                        "select count(*) from carer r join child c on c.id = r.child_id where c.child_id = ?", childId))
                .isEqualTo(1);
        assertThat(involvementsOf(childId)).isEqualTo(1);
    }

    @Test
    void a_misspelt_name_without_identifiers_is_linked_on_the_weight_of_everything_else() throws IOException {
        String header = "record_id,nhs_number,given_names,family_name,date_of_birth,address_line_1,postcode";
        loader.load(
                LOCAL.code(),
                feed(
                        "la.csv",
                        header,
                        "sp-1," + Identifiers.nhsNumber(random).value()
                                + ",Olivia,Brackenbury,2015-09-14,14 Orchard Rise,LS7 3QB"));
        loader.load(
                OTHER.code(), feed("other.csv", header, "sp-2,,Olivai,Brackenbury,2015-09-14,14 Orchard Rise,LS7 3QB"));

        assertThat(childIdOf("la-other", "sp-2")).isEqualTo(childIdOf("la-test", "sp-1"));
        assertThat(jdbc.sql("""
                        select l.reason from source_link l join source_record r on r.id = l.source_record_id
                        where r.source_code = 'la-other' and r.record_id = 'sp-2'""").query(String.class).single()).startsWith("linked automatically");
    }

    @Test
    void a_changed_record_is_matched_again_and_moves_to_the_child_it_now_describes() throws IOException {
        String header = "record_id,nhs_number,given_names,family_name,date_of_birth,postcode";
        String first = Identifiers.nhsNumber(random).value();
        String second = Identifiers.nhsNumber(random).value();
        loader.load(
                HEALTH.code(),
                feed(
                        "pds.csv",
                        header,
                        "mv-p1," + first + ",Kim,Mover,2013-01-01,LS6 2AB",
                        "mv-p2," + second + ",Lara,Stayput,2012-02-02,M1 1AE"));
        loader.load(LOCAL.code(), feed("la.csv", header, "mv-1," + first + ",Kim,Mover,2013-01-01,LS6 2AB"));
        String kim = childIdOf("nhs-pds", "mv-p1");
        assertThat(childIdOf("la-test", "mv-1")).isEqualTo(kim);

        // The authority corrects its record: it was Lara all along.
        loader.load(LOCAL.code(), feed("la-fixed.csv", header, "mv-1," + second + ",Lara,Stayput,2012-02-02,M1 1AE"));

        assertThat(childIdOf("la-test", "mv-1")).isEqualTo(childIdOf("nhs-pds", "mv-p2"));
        assertThat(childIdOf("nhs-pds", "mv-p1")).isEqualTo(kim);
        assertThat(jdbc.sql("select given_names from child where child_id = ?")
                        .param(kim)
                        .query(String.class)
                        .single())
                .isEqualTo("Kim");
    }

    String childIdOf(String source, String recordId) {
        return jdbc.sql("""
                        select c.child_id from child c join source_link l on l.child_id = c.id
                        join source_record r on r.id = l.source_record_id
                        where r.source_code = ? and r.record_id = ? and l.match_result = 'MATCH'""").param(source).param(recordId).query(String.class).single();
    }

    long involvementsOf(String childId) {
        return count(
                "select count(*) from involvement i join child c on c.id = i.child_id where c.child_id = ?", childId);
    }
}
