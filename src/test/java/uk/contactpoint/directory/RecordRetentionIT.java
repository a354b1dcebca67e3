package uk.contactpoint.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.Role;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.England;
import uk.contactpoint.kernel.SourceCode;

/**
 * Retention of records on a real database, fed by the real loader: archived at 18, at 25 for a young person who
 * stayed on, a year after a death; the archive opened only by the child's team, for data management only in the first
 * year; purged after 6 years with the records it came from, handing the audit its own 6 years; and a feed never
 * bringing an archived child back as a live one. Subclasses choose H2 or PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
abstract class RecordRetentionIT {

    static final String HEADER =
            "record_id,given_names,family_name,date_of_birth,gender,address_line_1,postcode,date_of_death";
    static final Sources.Source COUNCIL = new Sources.Source(
            new SourceCode("la-retention"), "Leeds children's services", Sources.Kind.LOCAL_AUTHORITY);
    static final Sources.Source HEALTH =
            new Sources.Source(new SourceCode("nhs-retention"), "Leeds health", Sources.Kind.HEALTH);
    static final AtomicInteger serial = new AtomicInteger();
    static final LocalDate TODAY = LocalDate.now(England.ZONE);

    @Autowired
    FeedLoader loader;

    @Autowired
    Sources sources;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccessAdministration access;

    @Autowired
    RecordRetention retention;

    @Autowired
    Archive archive;

    @Autowired
    RecordAccess records;

    @TempDir
    Path dir;

    RecordAccess.Requester leeds;
    RecordAccess.Requester birmingham;
    RecordAccess.Requester practitioner;

    @BeforeEach
    void setUp() {
        TeamFixtures.organisations(access);
        sources.register(COUNCIL);
        sources.register(HEALTH);
        leeds = requester("retention.leeds", "383", "383", Role.LA_TEAM);
        birmingham = requester("retention.birmingham", "330", "330", Role.LA_TEAM);
        practitioner = requester("retention.teacher", "107001", "383", Role.PRACTITIONER);
    }

    RecordAccess.Requester requester(String username, String organisation, String area, Role role) {
        return TeamFixtures.requester(access, jdbc, username, organisation, area, role, "RecordRetentionIT");
    }

    /** A council record of a child born on this day, with a family name of its own; returns its record id. */
    String child(LocalDate born, LocalDate died) throws IOException {
        String recordId = "r" + serial.incrementAndGet();
        load(recordId + ",Amelia,Retentionfamily" + (char) ('a' + serial.get() % 26) + serial.get() + "," + born
                + ",female,1 Mill Lane,LS6 2AB," + (died == null ? "" : died));
        return recordId;
    }

    void load(String... rows) throws IOException {
        load(COUNCIL, rows);
    }

    void load(Sources.Source source, String... rows) throws IOException {
        Path file = dir.resolve(source.code().value() + "-" + serial.incrementAndGet() + ".csv");
        Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n");
        assertThat(loader.load(source.code(), file).rejected()).isZero();
    }

    long childOf(String recordId) {
        return childOf(COUNCIL, recordId);
    }

    long childOf(Sources.Source source, String recordId) {
        return TeamFixtures.childOf(jdbc, source, recordId);
    }

    String state(long child) {
        return jdbc.sql("select state from child where id = ?")
                .param(child)
                .query(String.class)
                .single();
    }

    String contactPointId(long child) {
        return jdbc.sql("select child_id from child where id = ?")
                .param(child)
                .query(String.class)
                .single();
    }

    long count(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (Object p : params) {
            spec = spec.param(p);
        }
        return spec.query(Long.class).single();
    }

    Instant at(LocalDate day) {
        return day.atTime(12, 0).atZone(England.ZONE).toInstant();
    }

    @Test
    void a_record_is_archived_at_the_18th_birthday_and_no_longer_opens_for_a_practitioner() throws IOException {
        long adult = childOf(child(TODAY.minusYears(18), null));
        long minor = childOf(child(TODAY.minusYears(18).plusDays(1), null));
        String adultId = contactPointId(adult);

        retention.run(Instant.now());

        assertThat(state(adult)).isEqualTo("ARCHIVED");
        assertThat(state(minor)).as("the day before the 18th birthday").isEqualTo("ACTIVE");
        assertThat(count("select count(*) from change_log where child_id = ? and kind = 'ARCHIVED'", adult))
                .as("the search index follows the change log")
                .isOne();
        assertThat(count(
                        "select count(*) from audit_event where action = 'RECORD_ARCHIVED' and subject_child_id = ?"
                                + " and detail like '%18th birthday%'",
                        adultId))
                .isOne();
        assertThatThrownBy(() -> records.open(practitioner, adultId, found -> true, "SAFEGUARDING", null, false))
                .isInstanceOf(RecordRefusedException.class)
                .extracting(e -> ((RecordRefusedException) e).kind())
                .isEqualTo(RecordRefusedException.Kind.NOT_FOUND);
        assertThat(retention.run(Instant.now()).archived())
                .as("a second run finds nothing more of these")
                .isZero();
    }

    @Test
    void a_young_person_who_agreed_to_stay_on_comes_back_and_is_archived_at_25() throws IOException {
        LocalDate born = TODAY.minusYears(19);
        long child = childOf(child(born, null));
        String id = contactPointId(child);
        retention.run(Instant.now());
        assertThat(state(child)).isEqualTo("ARCHIVED");

        assertThatThrownBy(() -> archive.stayOn(leeds, id, " "))
                .isInstanceOf(RecordRefusedException.class)
                .hasMessageContaining("agreed to stay on");
        assertThatThrownBy(() -> archive.stayOn(birmingham, id, "Agreed with her personal adviser"))
                .isInstanceOf(RecordRefusedException.class)
                .extracting(e -> ((RecordRefusedException) e).kind())
                .isEqualTo(RecordRefusedException.Kind.NOT_FOUND);
        archive.stayOn(leeds, id, "Agreed with her personal adviser, 1 December");

        assertThat(state(child)).isEqualTo("ACTIVE");
        assertThat(jdbc.sql("select stays_on_until from child where id = ?")
                        .param(child)
                        .query(LocalDate.class)
                        .single())
                .isEqualTo(born.plusYears(25));
        retention.run(Instant.now());
        assertThat(state(child)).as("staying on: not archived at 19").isEqualTo("ACTIVE");
        retention.run(at(born.plusYears(25)));
        assertThat(state(child)).as("archived at 25").isEqualTo("ARCHIVED");
        assertThat(count(
                        "select count(*) from audit_event where action = 'STAY_ON' and subject_child_id = ?"
                                + " and outcome = 'SUCCESS' and detail like '%restoredFromArchive=true%'",
                        id))
                .isOne();
        assertThat(count(
                        "select count(*) from audit_event where action = 'STAY_ON' and subject_child_id = ?"
                                + " and outcome = 'REFUSED'",
                        id))
                .as("the refusals are audited too")
                .isEqualTo(2);
    }

    @Test
    void a_record_is_archived_a_year_after_a_death() throws IOException {
        LocalDate born = TODAY.minusYears(10);
        long died = childOf(child(born, TODAY.minusYears(1)));
        long diedRecently = childOf(child(born.plusDays(3), TODAY.minusMonths(6)));

        retention.run(Instant.now());

        assertThat(state(died)).isEqualTo("ARCHIVED");
        assertThat(state(diedRecently)).as("the live record stays for a year").isEqualTo("ACTIVE");
        assertThat(count(
                        "select count(*) from audit_event where action = 'RECORD_ARCHIVED' and subject_child_id = ?"
                                + " and detail like '%a year after the death%'",
                        contactPointId(died)))
                .isOne();
    }

    @Test
    void only_the_childs_team_opens_the_archive_and_for_data_management_only_in_the_first_year() throws IOException {
        long child = childOf(child(TODAY.minusYears(20), null));
        String id = contactPointId(child);
        retention.run(Instant.now().minus(Duration.ofDays(400)));
        assertThat(state(child)).isEqualTo("ARCHIVED");

        assertThatThrownBy(() -> archive.open(leeds, id, "DATA_MANAGEMENT", "Checking the address history"))
                .isInstanceOf(RecordRefusedException.class)
                .hasMessageContaining("child-protection enquiry or a serious case review");
        // Another authority's team learns nothing, not even that the ID exists: the answer is an unknown ID's.
        String unknown = ChildId.random(new java.util.Random(7)).formatted();
        var elsewhere = org.assertj.core.api.Assertions.catchThrowableOfType(
                RecordRefusedException.class,
                () -> archive.open(birmingham, id, "CHILD_PROTECTION_ENQUIRY", "Section 47 enquiry"));
        var nowhere = org.assertj.core.api.Assertions.catchThrowableOfType(
                RecordRefusedException.class,
                () -> archive.open(birmingham, unknown, "CHILD_PROTECTION_ENQUIRY", "Section 47 enquiry"));
        assertThat(elsewhere.kind()).isEqualTo(RecordRefusedException.Kind.NOT_FOUND);
        assertThat(elsewhere.getMessage()).isEqualTo(nowhere.getMessage());
        assertThat(elsewhere.field()).isEqualTo(nowhere.field());
        assertThatThrownBy(() -> archive.open(practitioner, id, "SERIOUS_CASE_REVIEW", "Review"))
                .isInstanceOf(RecordRefusedException.class)
                .extracting(e -> ((RecordRefusedException) e).kind())
                .isEqualTo(RecordRefusedException.Kind.FORBIDDEN);
        assertThatThrownBy(() -> archive.open(leeds, id, "SERIOUS_CASE_REVIEW", ""))
                .isInstanceOf(RecordRefusedException.class)
                .extracting(e -> ((RecordRefusedException) e).field())
                .isEqualTo("reason");
        assertThatThrownBy(() -> archive.open(leeds, id, "CURIOSITY", "Just looking"))
                .isInstanceOf(RecordRefusedException.class)
                .extracting(e -> ((RecordRefusedException) e).field())
                .isEqualTo("purpose");
        assertThatThrownBy(() -> archive.open(leeds, "CP-NOT-AN-ID", "SERIOUS_CASE_REVIEW", "Review"))
                .isInstanceOf(RecordRefusedException.class)
                .extracting(e -> ((RecordRefusedException) e).field())
                .isEqualTo("childId");
        assertThatThrownBy(() -> archive.stayOn(leeds, id, "Agreed last week"))
                .as("too late to bring back")
                .isInstanceOf(RecordRefusedException.class)
                .hasMessageContaining("more than a year ago");

        var opened = archive.open(leeds, id, "CHILD_PROTECTION_ENQUIRY", "Section 47 enquiry about a sibling");
        assertThat(opened.record().childId()).isEqualTo(ChildId.of(id).formatted());
        assertThat(opened.record().address()).contains("1 Mill Lane");
        assertThat(opened.mayStayOn()).isFalse();
        assertThat(opened.purgedOn()).isEqualTo(opened.archivedOn().plus(Period.ofYears(6)));
        assertThat(count(
                        "select count(*) from audit_event where action = 'ARCHIVE_VIEW' and subject_child_id = ?"
                                + " and outcome = 'SUCCESS' and detail like 'purpose=CHILD_PROTECTION_ENQUIRY%'"
                                + " and reason = 'Section 47 enquiry about a sibling'",
                        id))
                .isOne();
        assertThat(count("select count(*) from audit_event where action = 'ARCHIVE_VIEW' and outcome = 'REFUSED'"
                        + " and actor_username in ('retention.leeds', 'retention.birmingham',"
                        + " 'retention.teacher')"))
                .as("every refusal is audited, by whom")
                .isGreaterThanOrEqualTo(6);
        assertThatThrownBy(() -> archive.open(
                        leeds, contactPointId(childOf(child(TODAY.minusYears(5), null))), "DATA_MANAGEMENT", "Check"))
                .as("a live record is not in the archive")
                .isInstanceOf(RecordRefusedException.class)
                .hasMessageContaining("not archived");
    }

    @Test
    void a_feed_update_to_an_archived_childs_record_keeps_it_archived_and_makes_no_new_child() throws IOException {
        LocalDate born = TODAY.minusYears(21);
        String recordId = "r" + serial.incrementAndGet();
        String family = "Archivedfamily" + serial.get();
        String row = recordId + ",Amelia," + family + "," + born + ",female,1 Mill Lane,LS6 2AB,";
        load(COUNCIL, row);
        load(HEALTH, row);
        long child = childOf(recordId);
        assertThat(childOf(HEALTH, recordId)).as("one child from both sources").isEqualTo(child);
        retention.run(Instant.now());
        assertThat(state(child)).isEqualTo("ARCHIVED");
        long children = count("select count(*) from child");

        load(HEALTH, recordId + ",Amelia," + family + "," + born + ",female,9 New Street,LS6 2AB,");

        assertThat(childOf(HEALTH, recordId))
                .as("the changed record stays with its archived child")
                .isEqualTo(child);
        assertThat(state(child)).isEqualTo("ARCHIVED");
        assertThat(count("select count(*) from child"))
                .as("no live copy of the archived child")
                .isEqualTo(children);
    }

    @Test
    void a_record_is_purged_six_years_after_archiving_with_its_source_records_and_merged_children() throws IOException {
        LocalDate born = TODAY.minusYears(22);
        String kept = child(born, null);
        String merged = child(born.plusDays(1), null);
        long survivor = childOf(kept);
        long husk = childOf(merged);
        jdbc.sql("update child set state = 'MERGED', merged_into = ? where id = ?")
                .param(survivor)
                .param(husk)
                .update();
        String survivorId = contactPointId(survivor);
        long recordIds = count(
                "select count(*) from source_record where source_code = ? and record_id in (?, ?)",
                COUNCIL.code().value(),
                kept,
                merged);
        assertThat(recordIds).isEqualTo(2);
        retention.run(Instant.now());
        assertThat(state(survivor)).isEqualTo("ARCHIVED");

        retention.run(Instant.now().plus(Duration.ofDays(6 * 365)));
        assertThat(count("select count(*) from child where id = ?", survivor))
                .as("not yet: 6 years to the day have not passed")
                .isOne();

        var run = retention.run(at(TODAY.plusYears(6).plusDays(1)));

        assertThat(run.purged()).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from child where id in (?, ?)", survivor, husk))
                .isZero();
        assertThat(count(
                        "select count(*) from source_record where source_code = ? and record_id in (?, ?)",
                        COUNCIL.code().value(),
                        kept,
                        merged))
                .as("the source records go with the child")
                .isZero();
        assertThat(count("select count(*) from source_link where child_id in (?, ?)", survivor, husk))
                .isZero();
        assertThat(count("select count(*) from audit_purged_child where child_id = ?", survivorId))
                .as("the audit about the child counts its 6 years from now")
                .isOne();
        assertThat(count(
                        "select count(*) from audit_event where action = 'RECORD_PURGED' and subject_child_id = ?",
                        survivorId))
                .isOne();
        assertThat(retention.run(at(TODAY.plusYears(6).plusDays(1))).purged())
                .as("nothing is left to purge")
                .isZero();
    }
}
