package uk.contactpoint.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.Role;
import uk.contactpoint.access.SignedInUser;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.SourceCode;

/**
 * The LA team's workbench on a real database, fed by the real loader and linker. The possible-match queue: what it
 * holds and in which order, what each decision does, that no later load (the same files, or changed ones) undoes a
 * decision, and that a team cannot reach another authority's pairs. Adoption: that no later feed links the new
 * identity to the old. Subclasses choose H2 or PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
abstract class TeamWorkbenchIT {

    static final String HEADER = "record_id,given_names,family_name,date_of_birth,gender,address_line_1,postcode";
    static final Sources.Source COUNCIL =
            new Sources.Source(new SourceCode("la-review"), "Leeds children's services", Sources.Kind.LOCAL_AUTHORITY);
    static final Sources.Source HEALTH =
            new Sources.Source(new SourceCode("nhs-review"), "Leeds health", Sources.Kind.HEALTH);
    static final Sources.Source SCHOOL =
            new Sources.Source(new SourceCode("school-review"), "Leeds schools", Sources.Kind.SCHOOL_CENSUS);
    static final AtomicInteger serial = new AtomicInteger();
    static final AtomicInteger files = new AtomicInteger();

    /** A signed-in user as the service sees one, for calling it directly. */
    record User(long id, String username, String organisationCode, String localAuthorityCode, List<Role> roles)
            implements SignedInUser {
        public String displayName() {
            return username;
        }

        public String organisationName() {
            return organisationCode;
        }
    }

    @Autowired
    FeedLoader loader;

    @Autowired
    Sources sources;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccessAdministration access;

    @Autowired
    MatchReview review;

    @Autowired
    Adoptions adoptions;

    @Autowired
    Merges merges;

    @Autowired
    DataQueries dataQueries;

    @TempDir
    Path dir;

    RecordAccess.Requester leeds;
    RecordAccess.Requester birmingham;
    RecordAccess.Requester practitioner;

    @BeforeEach
    void setUp() {
        TeamFixtures.organisations(access);
        List.of(COUNCIL, HEALTH, SCHOOL).forEach(sources::register);
        leeds = requester("review.leeds", "383", Role.LA_TEAM);
        birmingham = requester("review.birmingham", "330", Role.LA_TEAM);
        practitioner = requester("review.teacher", "107001", Role.PRACTITIONER);
    }

    RecordAccess.Requester requester(String username, String organisation, Role role) {
        String area = organisation.equals("107001") ? "383" : organisation;
        return TeamFixtures.requester(access, jdbc, username, organisation, area, role, "TeamWorkbenchIT");
    }

    /**
     * A child the council knows in full and health knows with a date of birth ten days out and no street: a match
     * weight between the review and match thresholds, so the health record waits for the team.
     */
    record Pair(String council, String health, String given, String family, LocalDate born) {
        String councilRow(String line1) {
            return council + "," + given + "," + family + "," + born + ",female," + line1 + ",LS6 2AB";
        }

        String healthRow(String line1) {
            return health + "," + given + "," + family + "," + born.plusDays(10) + ",female," + line1 + ",LS6 2AB";
        }
    }

    static final List<String> FAMILY = List.of(
            "Quartermaine",
            "Ravensworth",
            "Stonebridge",
            "Thistlewood",
            "Underhill",
            "Vandermeer",
            "Wolstenholme",
            "Yardbrook",
            "Zellweger",
            "Ashcombe",
            "Blackthorne",
            "Cresswell",
            "Dunwoody",
            "Eddington",
            "Fairweather",
            "Gillingham",
            "Hollingsworth",
            "Inglethorpe",
            "Jessop",
            "Kettleborough");

    /**
     * A pair unlike every other pair of the class: a common given name (so that names alone do not decide), its own
     * family name, and its own date of birth on the 3rd of a month (so that ten days out stays in the same month).
     */
    static Pair pair() {
        int n = serial.incrementAndGet();
        return new Pair(
                "c" + n, "h" + n, "Amelia", FAMILY.get(n % FAMILY.size()), LocalDate.of(2009 + n % 9, 1 + n % 12, 3));
    }

    void load(Sources.Source source, String... rows) throws IOException {
        Path file = dir.resolve(source.code().value() + "-" + files.incrementAndGet() + ".csv");
        Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n");
        load(source, file);
    }

    void load(Sources.Source source, Path file) throws IOException {
        var report = loader.load(source.code(), file);
        assertThat(report.rejected())
                .as(() -> {
                    try {
                        return Files.readString(report.rejectsReport());
                    } catch (IOException e) {
                        return e.toString();
                    }
                })
                .isZero();
    }

    long recordId(Sources.Source source, String recordId) {
        return jdbc.sql("select id from source_record where source_code = ? and record_id = ?")
                .param(source.code().value())
                .param(recordId)
                .query(Long.class)
                .single();
    }

    /** The child the record is linked to as a MATCH, or null. */
    Long childOf(Sources.Source source, String recordId) {
        return TeamFixtures.childOf(jdbc, source, recordId);
    }

    MatchReview.Entry queued(RecordAccess.Requester requester, Sources.Source source, String recordId) {
        long id = recordId(source, recordId);
        return review.queue(requester).stream()
                .filter(e -> e.pending().sourceRecordId() == id)
                .findFirst()
                .orElse(null);
    }

    void shield(long child) {
        jdbc.sql("update child set shielded = true where id = ?").param(child).update();
    }

    long count(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (Object p : params) {
            spec = spec.param(p);
        }
        return spec.query(Long.class).single();
    }

    /** The person's links and parked reviews of these pairs' records, as (record, child, result, source, note). */
    List<String> decisions(Pair... pairs) {
        List<Long> records = new ArrayList<>();
        for (Pair p : pairs) {
            records.add(recordId(COUNCIL, p.council()));
            records.add(recordId(HEALTH, p.health()));
        }
        return jdbc.sql("""
                        select source_record_id, child_id, match_result, link_source, review_note from source_link
                        where (link_source = 'MANUAL' or review_note is not null) and source_record_id in (:records)
                        order by source_record_id, child_id""")
                .param("records", records)
                .query((rs, n) -> rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getString(4)
                        + " " + rs.getString(5))
                .list();
    }

    @Test
    void the_queue_holds_the_authoritys_possible_matches_shielded_first_with_the_waterfall() throws IOException {
        Pair plain = pair();
        Pair hidden = pair();
        load(COUNCIL, plain.councilRow("1 Mill Lane"), hidden.councilRow("2 Mill Lane"));
        shield(childOf(COUNCIL, hidden.council()));
        load(HEALTH, plain.healthRow(""), hidden.healthRow(""));

        var first = queued(leeds, HEALTH, plain.health());
        var shielded = queued(leeds, HEALTH, hidden.health());
        assertThat(first)
                .as("a weight between the thresholds waits for the team")
                .isNotNull();
        assertThat(first.pending().result()).isEqualTo("POSSIBLE_MATCH");
        assertThat(first.pending().weight()).isBetween(-2.0, 2.0);
        assertThat(shielded).as("a record held back for a shielded child").isNotNull();
        assertThat(shielded.pending().shielded()).isTrue();
        assertThat(shielded.pending().current())
                .as("not made a second, visible child")
                .isNull();
        var order = review.queue(leeds).stream().map(e -> e.pending().id()).toList();
        assertThat(order.indexOf(shielded.pending().id()))
                .isLessThan(order.indexOf(first.pending().id()));

        var item = review.item(leeds, first.pending().id());
        assertThat(item.record().dateOfBirth()).isEqualTo(plain.born().plusDays(10));
        assertThat(item.compared())
                .hasValueSatisfying(c -> assertThat(c.dateOfBirth()).isEqualTo(plain.born()));
        assertThat(item.waterfall().stream()
                        .mapToDouble(MatchReview.Step::weight)
                        .sum())
                .as("the waterfall adds up to the weight")
                .isCloseTo(first.pending().weight(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(item.waterfall()).extracting(MatchReview.Step::field).contains("date of birth", "family name");
        assertThat(item.pending().reason()).contains("review");
        assertThat(item.position()).isPositive();
    }

    @Test
    void another_authoritys_team_and_a_practitioner_cannot_see_or_decide_the_pairs() throws IOException {
        Pair p = pair();
        load(COUNCIL, p.councilRow("3 Mill Lane"));
        load(HEALTH, p.healthRow(""));
        long id = queued(leeds, HEALTH, p.health()).pending().id();
        List<String> before = decisions(p);

        assertThat(queued(birmingham, HEALTH, p.health())).isNull();
        assertThatThrownBy(() -> review.item(birmingham, id))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordRefusedException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> review.decide(birmingham, id, "link", "looks the same"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordRefusedException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> review.decide(practitioner, id, "link", "looks the same"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordRefusedException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> review.decide(leeds, id, "merge", "looks the same"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class, e -> assertThat(e.field()).isEqualTo("decision"));
        assertThatThrownBy(() -> review.decide(leeds, id, "link", "  "))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class, e -> assertThat(e.field()).isEqualTo("reason"));
        assertThat(decisions(p)).as("nothing was decided").isEqualTo(before);
        assertThat(queued(leeds, HEALTH, p.health())).isNotNull();
    }

    @Test
    void linking_moves_the_record_to_the_child_and_merges_the_child_it_leaves() throws IOException {
        Pair p = pair();
        load(COUNCIL, p.councilRow("4 Mill Lane"));
        load(HEALTH, p.healthRow(""));
        long target = childOf(COUNCIL, p.council());
        long left = childOf(HEALTH, p.health());
        long id = queued(leeds, HEALTH, p.health()).pending().id();

        var outcome = review.decide(leeds, id, "link", "Same child: the GP confirmed the date of birth is 3 April.");

        assertThat(outcome.merged()).isTrue();
        assertThat(childOf(HEALTH, p.health())).isEqualTo(target);
        assertThat(count(
                        "select count(*) from source_link where source_record_id = ? and link_source = 'MANUAL' and match_result = 'MATCH'",
                        recordId(HEALTH, p.health())))
                .isEqualTo(1);
        assertThat(jdbc.sql("select state from child where id = ?")
                        .param(left)
                        .query(String.class)
                        .single())
                .isEqualTo("MERGED");
        assertThat(count("select merged_into from child where id = ?", left)).isEqualTo(target);
        assertThat(count(
                        "select count(*) from child_merge m join child_merge_record r on r.merge_id = m.id where m.from_child_id = ? and m.into_child_id = ?",
                        left,
                        target))
                .isEqualTo(1);
        assertThat(count("select count(*) from change_log where child_id = ? and kind = 'MERGED'", left))
                .isEqualTo(1);
        assertThat(
                        count(
                                "select count(*) from audit_event where action = 'MATCH_LINKED' and actor_username = 'review.leeds' and reason like 'Same child%'"))
                .isEqualTo(1);
        assertThat(queued(leeds, HEALTH, p.health())).isNull();
        assertThatThrownBy(() -> review.decide(leeds, id, "not_a_match", "changed my mind"))
                .as("a decided pair is no longer in the queue")
                .isInstanceOf(RecordRefusedException.class);
    }

    @Test
    void not_a_match_gives_a_held_record_its_own_child_and_needs_information_keeps_the_pair_last() throws IOException {
        Pair hidden = pair();
        Pair unsure = pair();
        load(COUNCIL, hidden.councilRow("5 Mill Lane"), unsure.councilRow("6 Mill Lane"));
        long shieldedChild = childOf(COUNCIL, hidden.council());
        shield(shieldedChild);
        load(HEALTH, hidden.healthRow(""), unsure.healthRow(""));

        var rejected = review.decide(
                leeds,
                queued(leeds, HEALTH, hidden.health()).pending().id(),
                "not_a_match",
                "Different child: the health visitor knows both families.");
        Long own = childOf(HEALTH, hidden.health());
        assertThat(own).isNotNull().isNotEqualTo(shieldedChild);
        assertThat(rejected.childId()).isNotNull();
        assertThat(count(
                        "select count(*) from source_link where source_record_id = ? and child_id = ? and match_result = 'NO_MATCH' and link_source = 'MANUAL'",
                        recordId(HEALTH, hidden.health()),
                        shieldedChild))
                .isEqualTo(1);

        long parked = queued(leeds, HEALTH, unsure.health()).pending().id();
        review.decide(leeds, parked, "needs_information", "Ask the GP practice for the date of birth.");
        var entry = queued(leeds, HEALTH, unsure.health());
        assertThat(entry.pending().reviewNote()).isEqualTo("Ask the GP practice for the date of birth.");
        var order = review.queue(leeds);
        assertThat(order.getLast().pending().reviewNote())
                .as("parked pairs come after the others")
                .isNotNull();
    }

    @Test
    void every_decision_survives_reloading_the_same_and_changed_feeds() throws IOException {
        Pair linked = pair();
        Pair apart = pair();
        Pair parked = pair();
        Pair hidden = pair();
        Path council = dir.resolve("council.csv");
        Path health = dir.resolve("health.csv");
        Files.writeString(
                council,
                String.join(
                                "\n",
                                HEADER,
                                linked.councilRow("7 Mill Lane"),
                                apart.councilRow("8 Mill Lane"),
                                parked.councilRow("9 Mill Lane"),
                                hidden.councilRow("10 Mill Lane"))
                        + "\n");
        load(COUNCIL, council);
        shield(childOf(COUNCIL, hidden.council()));
        Files.writeString(
                health,
                String.join(
                                "\n",
                                HEADER,
                                linked.healthRow(""),
                                apart.healthRow(""),
                                parked.healthRow(""),
                                hidden.healthRow(""))
                        + "\n");
        load(HEALTH, health);
        // The school knows the child that health knows, so the record decided apart is not its child's only one,
        // and the engine decides it again when it changes.
        String school = "q-" + apart.health();
        load(
                SCHOOL,
                school + "," + apart.given() + "," + apart.family() + ","
                        + apart.born().plusDays(10) + ",female,,LS6 2AB");
        assertThat(childOf(SCHOOL, school)).isEqualTo(childOf(HEALTH, apart.health()));

        review.decide(leeds, queued(leeds, HEALTH, linked.health()).pending().id(), "link", "Same child.");
        review.decide(leeds, queued(leeds, HEALTH, apart.health()).pending().id(), "not_a_match", "Cousins.");
        review.decide(leeds, queued(leeds, HEALTH, parked.health()).pending().id(), "needs_information", "Ask GP.");
        review.decide(leeds, queued(leeds, HEALTH, hidden.health()).pending().id(), "needs_information", "Ask SW.");
        List<String> decided = decisions(linked, apart, parked, hidden);
        // Linked: a MANUAL MATCH; apart: a MANUAL NO_MATCH; and the two parked reviews.
        assertThat(decided).as(decided.toString()).hasSize(4);
        long apartChild = childOf(COUNCIL, apart.council());
        long hiddenChild = childOf(COUNCIL, hidden.council());
        long children = count("select count(*) from child where state = 'ACTIVE'");

        // The same files again: nothing changes.
        load(COUNCIL, council);
        load(HEALTH, health);
        assertThat(decisions(linked, apart, parked, hidden)).isEqualTo(decided);

        // Changed files: every decided record changes, so the engine decides each of them again.
        Files.writeString(
                council,
                String.join(
                                "\n",
                                HEADER,
                                linked.councilRow("7 Mill Lane Flat A"),
                                apart.councilRow("8 Mill Lane Flat A"),
                                parked.councilRow("9 Mill Lane Flat A"),
                                hidden.councilRow("10 Mill Lane Flat A"))
                        + "\n");
        Files.writeString(
                health,
                String.join(
                                "\n",
                                HEADER,
                                linked.healthRow("7 Mill Lane"),
                                // Now the council's date of birth and address: strong evidence for the council's child.
                                apart.health() + "," + apart.given() + "," + apart.family() + "," + apart.born()
                                        + ",female,8 Mill Lane Flat A,LS6 2AB",
                                parked.healthRow("9 Mill Lane"),
                                hidden.healthRow("10 Mill Lane"))
                        + "\n");
        load(COUNCIL, council);
        load(HEALTH, health);
        assertThat(decisions(linked, apart, parked, hidden))
                .as("every decision and parked review is intact")
                .isEqualTo(decided);
        assertThat(childOf(HEALTH, linked.health())).isEqualTo(childOf(COUNCIL, linked.council()));
        assertThat(childOf(HEALTH, apart.health()))
                .as("the record a person said is not the council's child never joins it, however close it comes")
                .isNotEqualTo(apartChild);
        assertThat(childOf(HEALTH, hidden.health()))
                .as("still held back, never a second visible child")
                .isNull();
        assertThat(childOf(COUNCIL, hidden.council())).isEqualTo(hiddenChild);
        assertThat(queued(leeds, HEALTH, parked.health()).pending().reviewNote())
                .isEqualTo("Ask GP.");
        assertThat(review.queue(leeds))
                .as("a pair decided apart is not asked again")
                .noneMatch(e -> e.pending().sourceRecordId() == recordId(HEALTH, apart.health())
                        && e.pending().candidate() == apartChild);
        assertThat(count("select count(*) from child where state = 'ACTIVE'"))
                .as("the record the engine could not put with the council's child has one of its own")
                .isGreaterThanOrEqualTo(children);
    }

    String childIdOf(long child) {
        return jdbc.sql("select child_id from child where id = ?")
                .param(child)
                .query(String.class)
                .single();
    }

    String stateOf(long child) {
        return jdbc.sql("select state from child where id = ?")
                .param(child)
                .query(String.class)
                .single();
    }

    OpenRecord opened(long child) {
        return new OpenRecord(childIdOf(child), ViewReason.SAFEGUARDING, null, false, java.time.Instant.now());
    }

    /** Every link, of any kind, between a record of one child and the other child. */
    long linksBetween(long one, long other) {
        return count("""
                select count(*) from source_link a join source_link b on b.source_record_id = a.source_record_id
                where a.child_id = ? and a.match_result = 'MATCH' and b.child_id = ?""", one, other) + count("""
                select count(*) from source_link a join source_link b on b.source_record_id = a.source_record_id
                where a.child_id = ? and a.match_result = 'MATCH' and b.child_id = ?""", other, one);
    }

    @Test
    void an_adopted_childs_new_identity_is_never_linked_to_the_old_one_by_any_later_feed() throws IOException {
        Pair p = pair();
        String oldNhs = uk.contactpoint.generator.Identifiers.nhsNumber(new java.util.SplittableRandom(serial.get()))
                .value();
        String header = "record_id,nhs_number,given_names,family_name,date_of_birth,gender,address_line_1,postcode";
        Path councilFile = dir.resolve("adoption-council.csv");
        Path healthFile = dir.resolve("adoption-health.csv");
        Files.writeString(
                councilFile,
                header + "\n" + p.council() + "," + oldNhs + "," + p.given() + "," + p.family() + "," + p.born()
                        + ",female,11 Mill Lane,LS6 2AB\n");
        Files.writeString(
                healthFile,
                header + "\n" + p.health() + "," + oldNhs + "," + p.given() + "," + p.family() + "," + p.born()
                        + ",female,11 Mill Lane,LS6 2AB\n");
        load(COUNCIL, councilFile);
        load(HEALTH, healthFile);
        long old = childOf(COUNCIL, p.council());
        assertThat(childOf(HEALTH, p.health())).isEqualTo(old);

        // Only the team of the child's authority, and only with a reason and real names.
        assertThatThrownBy(() -> adoptions.close(
                        birmingham,
                        opened(old),
                        new Adoptions.NewIdentity("Grace", "Newbold", null, null, null, null),
                        "Adoption order"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordRefusedException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> adoptions.close(
                        leeds,
                        opened(old),
                        new Adoptions.NewIdentity("Grace2", "Newbold", null, null, null, null),
                        "Adoption order"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class, e -> assertThat(e.field()).isEqualTo("newGivenNames"));
        assertThatThrownBy(() -> adoptions.close(
                        leeds,
                        opened(old),
                        new Adoptions.NewIdentity("Grace", "Newbold", null, null, null, "NOT A POSTCODE"),
                        "Adoption order"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class, e -> assertThat(e.field()).isEqualTo("newPostcode"));
        assertThat(stateOf(old)).isEqualTo("ACTIVE");

        var created = adoptions.close(
                leeds,
                opened(old),
                new Adoptions.NewIdentity("Grace", "Newbold", "female", "4 New Street", "Leeds", "LS17 5AB"),
                "Adoption order of 1 December 2026");
        long fresh = count("select id from child where child_id = ?", created.value());
        assertThat(stateOf(old)).isEqualTo("IDENTITY_CLOSED");
        assertThat(stateOf(fresh)).isEqualTo("ACTIVE");
        assertThat(jdbc.sql("select detail || ' ' || coalesce(reason, '') from audit_event where subject_child_id = ?")
                        .param(childIdOf(old))
                        .query(String.class)
                        .list())
                .as("the old identity's audit names nothing of the new")
                .noneMatch(d -> d.contains(created.value()) || d.contains(created.formatted()));
        assertThat(jdbc.sql("select detail || ' ' || coalesce(reason, '') from audit_event where subject_child_id = ?")
                        .param(created.value())
                        .query(String.class)
                        .list())
                .noneMatch(d -> d.contains(childIdOf(old)));

        // Later feeds. Health changes the old record, and sends the child's new record: a new NHS number, the new
        // names, the same date of birth, the new address. The council ends its old record. A school enrols the child
        // under the old name at the old address.
        String newNhs = uk.contactpoint.generator.Identifiers.nhsNumber(
                        new java.util.SplittableRandom(serial.get() + 1_000))
                .value();
        Files.writeString(
                healthFile,
                header + "\n" + p.health() + "," + oldNhs + "," + p.given() + ","
                        + p.family() + "," + p.born() + ",female,12 Mill Lane,LS6 2AB\n"
                        + "n-" + p.health() + "," + newNhs + ",Grace," + "Newbold," + p.born()
                        + ",female,4 New Street,LS17 5AB\n");
        load(HEALTH, healthFile);
        Files.writeString(
                councilFile, "record_id,action,given_names,family_name,date_of_birth\n" + p.council() + ",delete,,,\n");
        load(COUNCIL, councilFile);
        load(
                SCHOOL,
                "o-" + p.council() + "," + p.given() + "," + p.family() + "," + p.born()
                        + ",female,11 Mill Lane,LS6 2AB");

        assertThat(childOf(HEALTH, "n-" + p.health()))
                .as("the new record joins the new identity")
                .isEqualTo(fresh);
        assertThat(childOf(HEALTH, p.health()))
                .as("the old record stays with the old identity")
                .isEqualTo(old);
        assertThat(stateOf(old)).isEqualTo("IDENTITY_CLOSED");
        assertThat(linksBetween(old, fresh))
                .as("nothing links the two identities")
                .isZero();
        Long school = childOf(SCHOOL, "o-" + p.council());
        assertThat(school)
                .as("neither linked to the new identity nor made a live child: it waits for the team, held back")
                .isNull();
        var held = queued(leeds, SCHOOL, "o-" + p.council());
        assertThat(held.pending().candidate()).isEqualTo(old);
        assertThat(held.pending().shielded())
                .as("shown with the shielded, first")
                .isTrue();
        assertThat(count(
                        "select count(*) from child where state in ('ACTIVE', 'UNKNOWN_TO_SOURCES') and family_name = ? and date_of_birth = ?",
                        p.family(),
                        p.born()))
                .as("no live record under the old name")
                .isZero();
    }

    @Test
    void unmerging_puts_every_record_back_keeps_them_apart_and_tells_the_services() throws IOException {
        Pair p = pair();
        load(COUNCIL, p.councilRow("13 Mill Lane"));
        Path gp = dir.resolve("unmerge-health.csv");
        Files.writeString(
                gp,
                HEADER + ",service_type,service_org_code,service_name\n" + p.healthRow("")
                        + ",gp,B86001,Park Practice\n");
        load(HEALTH, gp);
        long into = childOf(COUNCIL, p.council());
        long from = childOf(HEALTH, p.health());
        review.decide(leeds, queued(leeds, HEALTH, p.health()).pending().id(), "link", "Looked the same.");
        assertThat(stateOf(from)).isEqualTo("MERGED");
        var merge = merges.into(new uk.contactpoint.kernel.ChildId(childIdOf(into)), "383")
                .getFirst();
        assertThat(merge.records()).isEqualTo(1);

        assertThatThrownBy(() -> merges.unmerge(birmingham, opened(into), merge.id(), "two children"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordRefusedException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> merges.unmerge(leeds, opened(into), merge.id(), ""))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class, e -> assertThat(e.field()).isEqualTo("unmergeReason"));
        assertThat(stateOf(from)).isEqualTo("MERGED");

        var back = merges.unmerge(leeds, opened(into), merge.id(), "The GP says these are cousins.");
        assertThat(back.value()).isEqualTo(childIdOf(from));
        assertThat(stateOf(from)).isEqualTo("ACTIVE");
        assertThat(childOf(HEALTH, p.health()))
                .as("the record is back with its own child")
                .isEqualTo(from);
        assertThat(count(
                        "select count(*) from source_link where source_record_id = ? and child_id = ? and match_result = 'NO_MATCH' and link_source = 'MANUAL'",
                        recordId(HEALTH, p.health()),
                        into))
                .isEqualTo(1);
        assertThat(count("select count(*) from involvement where child_id = ? and organisation_code = 'B86001'", from))
                .isEqualTo(1);
        assertThat(count("select count(*) from involvement where child_id = ? and organisation_code = 'B86001'", into))
                .isZero();
        assertThat(jdbc.sql("select message from organisation_notice where organisation_code = 'B86001'")
                        .query(String.class)
                        .list())
                .anyMatch(m -> m.contains(back.formatted()) && m.contains("two children"));
        assertThat(merges.into(new uk.contactpoint.kernel.ChildId(childIdOf(into)), "383"))
                .isEmpty();
        assertThatThrownBy(() -> merges.unmerge(leeds, opened(into), merge.id(), "again"))
                .as("a merge is undone once")
                .isInstanceOf(RecordRefusedException.class);

        // The same record again, changed: the engine never puts it back into the child it was taken out of.
        Files.writeString(
                gp,
                HEADER + ",service_type,service_org_code,service_name\n" + p.health() + "," + p.given() + ","
                        + p.family() + "," + p.born() + ",female,13 Mill Lane,LS6 2AB,gp,B86001,Park Practice\n");
        load(HEALTH, gp);
        assertThat(childOf(HEALTH, p.health())).isNotEqualTo(into);
        assertThat(count(
                        "select count(*) from audit_event where action = 'CHILD_UNMERGED' and subject_child_id = ?",
                        childIdOf(into)))
                .isEqualTo(1);
    }

    String addressOf(long child) {
        return jdbc.sql("select address_line_1 || ' ' || postcode from child where id = ?")
                .param(child)
                .query(String.class)
                .single();
    }

    @Test
    void a_data_query_is_resolved_by_preferring_a_source_or_correcting_and_later_feeds_keep_it() throws IOException {
        Pair p = pair();
        load(COUNCIL, p.councilRow("14 Mill Lane"));
        String healthRow =
                p.health() + "," + p.given() + "," + p.family() + "," + p.born() + ",female,99 Other Road,LS6 2AB";
        load(HEALTH, healthRow);
        long child = childOf(COUNCIL, p.council());
        assertThat(childOf(HEALTH, p.health())).isEqualTo(child);
        assertThat(addressOf(child)).as("the most recent record's address").isEqualTo("99 Other Road LS6 2AB");

        dataQueries.raise(practitioner, opened(child), "address", "The family moved back to 14 Mill Lane in May.");
        dataQueries.raise(practitioner, opened(child), "name", "She is known as Amelie Rose at school and at home.");
        assertThatThrownBy(() -> dataQueries.raise(practitioner, opened(child), "shoe size", "wrong"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class, e -> assertThat(e.field()).isEqualTo("field"));
        assertThat(dataQueries.open(birmingham)).noneMatch(q -> q.childId().equals(ChildIdFormat.of(childIdOf(child))));
        var queries = dataQueries.open(leeds).stream()
                .filter(q -> q.childId().equals(ChildIdFormat.of(childIdOf(child))))
                .toList();
        assertThat(queries).hasSize(2);
        var address = queries.stream()
                .filter(q -> q.field() == DataQueries.Field.ADDRESS)
                .findFirst()
                .orElseThrow();
        assertThat(address.sources()).extracting(DataQueries.SourceOption::code).contains("la-review", "nhs-review");
        assertThatThrownBy(() -> dataQueries.resolve(birmingham, address.id(), "prefer", "checked", "la-review", null))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordRefusedException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> dataQueries.resolve(leeds, address.id(), "prefer", "checked", "hmrc-nowhere", null))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class, e -> assertThat(e.field()).isEqualTo("preferredSource"));

        dataQueries.resolve(leeds, address.id(), "prefer", "The council visited last week.", "la-review", null);
        assertThat(addressOf(child)).isEqualTo("14 Mill Lane LS6 2AB");

        var name = queries.stream()
                .filter(q -> q.field() == DataQueries.Field.NAME)
                .findFirst()
                .orElseThrow();
        dataQueries.resolve(
                leeds,
                name.id(),
                "correct",
                "Confirmed with the school and the GP.",
                null,
                new DataQueries.Correction("Amelie Rose", p.family(), null, null, null, null, null));
        assertThat(jdbc.sql("select given_names from child where id = ?")
                        .param(child)
                        .query(String.class)
                        .single())
                .isEqualTo("Amelie Rose");
        assertThat(dataQueries.open(leeds)).noneMatch(q -> q.childId().equals(ChildIdFormat.of(childIdOf(child))));

        // Health sends its record again, changed: newer than the council's, and still with the old name.
        load(
                HEALTH,
                p.health() + "," + p.given() + "," + p.family() + "," + p.born() + ",female,100 Other Road,LS6 2AB");
        assertThat(childOf(HEALTH, p.health())).isEqualTo(child);
        assertThat(addressOf(child)).as("the preferred source's address holds").isEqualTo("14 Mill Lane LS6 2AB");
        assertThat(jdbc.sql("select given_names from child where id = ?")
                        .param(child)
                        .query(String.class)
                        .single())
                .as("the correction holds")
                .isEqualTo("Amelie Rose");
        assertThat(count(
                        "select count(*) from audit_event where action = 'DATA_QUERY_RESOLVED' and subject_child_id = ?",
                        childIdOf(child)))
                .isEqualTo(2);
    }

    @Test
    void a_shielded_childs_record_cannot_be_queried_by_a_practitioner() throws IOException {
        Pair p = pair();
        load(COUNCIL, p.councilRow("15 Mill Lane"));
        long child = childOf(COUNCIL, p.council());
        shield(child);
        assertThatThrownBy(() -> dataQueries.raise(practitioner, opened(child), "address", "wrong"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordRefusedException.Kind.FORBIDDEN));
    }

    @Test
    void the_team_merges_two_records_of_one_child_that_matching_never_paired() throws IOException {
        Pair one = pair();
        Pair two = pair();
        load(COUNCIL, one.councilRow("16 Mill Lane"));
        load(HEALTH, two.healthRow(""));
        long into = childOf(COUNCIL, one.council());
        long from = childOf(HEALTH, two.health());
        assertThat(from).isNotEqualTo(into);

        assertThatThrownBy(() -> merges.mergeInto(birmingham, opened(into), childIdOf(from), "one child"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordRefusedException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> merges.mergeInto(leeds, opened(into), childIdOf(into), "one child"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class, e -> assertThat(e.field()).isEqualTo("mergeChildId"));
        assertThatThrownBy(() -> merges.mergeInto(leeds, opened(into), "CP-NOT-AN-ID", "one child"))
                .isInstanceOfSatisfying(
                        RecordRefusedException.class, e -> assertThat(e.field()).isEqualTo("mergeChildId"));
        assertThat(stateOf(from)).isEqualTo("ACTIVE");

        merges.mergeInto(leeds, opened(into), childIdOf(from), "The same child: the school has both names.");
        assertThat(stateOf(from)).isEqualTo("MERGED");
        assertThat(childOf(HEALTH, two.health())).isEqualTo(into);
        var merge = merges.into(new uk.contactpoint.kernel.ChildId(childIdOf(into)), "383");
        assertThat(merge).hasSize(1);
        assertThat(merges.into(new uk.contactpoint.kernel.ChildId(childIdOf(into)), "330"))
                .as("another authority sees no merges of this child")
                .isEmpty();
        assertThat(count(
                        "select count(*) from audit_event where action = 'CHILD_MERGED' and subject_child_id = ?",
                        childIdOf(into)))
                .isEqualTo(1);
    }

    /** ContactPoint IDs as the queues show them. */
    static final class ChildIdFormat {
        static String of(String canonical) {
            return new uk.contactpoint.kernel.ChildId(canonical).formatted();
        }
    }
}
