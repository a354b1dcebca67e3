package uk.contactpoint.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.SourceCode;
import uk.contactpoint.testing.HeldLoad;
import uk.contactpoint.testing.TestDatabases;

/** A feed system's token uploads its own source's files and nothing else, and stops working when revoked. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FeedTokenIT {

    static final String FEED = "record_id,given_names,family_name,date_of_birth\nt1,Amy,Token,2016-01-01\n";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AccessAdministration access;

    @Autowired
    FeedTokens tokens;

    @Autowired
    Accounts accounts;

    @Autowired
    Sources sources;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    uk.contactpoint.feeds.FeedLoader loader;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void feedSystem() {
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "X26", "NHS England", AccessAdministration.OrganisationKind.NATIONAL_PARTNER, null));
        access.ensureUser(new AccessAdministration.NewUser(
                "pds.feed",
                "PDS feed",
                "X26",
                "a machine passphrase",
                null,
                LocalDate.now().minusYears(1),
                LocalDate.now().minusYears(1),
                Set.of(Role.FEED_SYSTEM)));
        sources.register(new Sources.Source(new SourceCode("nhs-pds"), "Health", Sources.Kind.HEALTH));
        sources.register(
                new Sources.Source(new SourceCode("la-social-care"), "Social care", Sources.Kind.LOCAL_AUTHORITY));
    }

    HttpResponse<String> upload(String token, String source, String body) throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/feeds/" + source + "/runs"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String token, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_token_uploads_to_its_own_source_and_reads_its_run_but_nothing_else() throws Exception {
        String token = access.issueFeedToken("pds.feed", "nhs-pds");
        var created = upload(token, "nhs-pds", FEED);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"inserted\":1");
        String runPath = created.headers().firstValue("Location").orElseThrow();
        assertThat(get(token, runPath).body()).contains("\"state\":\"COMPLETED\"");

        var elsewhere = upload(token, "la-social-care", FEED);
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(jdbc.sql("select count(*) from source_record where source_code = 'la-social-care'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(upload(null, "nhs-pds", FEED).statusCode()).isEqualTo(401);
        assertThat(upload("cpf_made-up-token", "nhs-pds", FEED).statusCode()).isEqualTo(401);
    }

    @Test
    void a_bad_feed_is_refused_with_a_problem_that_says_why() throws Exception {
        String token = access.issueFeedToken("pds.feed", "nhs-pds");
        var refused = upload(token, "nhs-pds", "record_id,surname\nx,y\n");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("unknown column").contains("surname");
    }

    @Test
    void an_upload_while_another_load_runs_is_told_to_retry_and_changes_nothing() throws Exception {
        String token = access.issueFeedToken("pds.feed", "nhs-pds");
        java.nio.file.Path other = java.nio.file.Files.createTempFile("social-care", ".csv");
        java.nio.file.Files.writeString(
                other, "record_id,given_names,family_name,date_of_birth\ns1,Ben,Busy,2015-05-05\n");
        sources.register(new Sources.Source(new SourceCode("la-busy"), "Busy LA", Sources.Kind.LOCAL_AUTHORITY));
        try (var held = HeldLoad.start(loader, new SourceCode("la-busy"), other)) {
            var busy = upload(
                    token, "nhs-pds", "record_id,given_names,family_name,date_of_birth\nb1,Cy,Busy,2016-06-06\n");
            assertThat(busy.statusCode()).isEqualTo(409);
            assertThat(busy.body()).contains("another load is running").contains("la-busy");
            held.finish();
        }
        assertThat(jdbc.sql("select count(*) from source_record where record_id = 'b1'")
                        .query(Long.class)
                        .single())
                .isZero();
        java.nio.file.Files.deleteIfExists(other);
    }

    @Test
    void rotating_replaces_the_token_and_revoking_or_suspending_stops_it() throws Exception {
        String first = access.issueFeedToken("pds.feed", "nhs-pds");
        long firstId =
                jdbc.sql("select max(id) from feed_token").query(Long.class).single();
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "CPNAT", "National", AccessAdministration.OrganisationKind.NATIONAL, null));
        access.ensureUser(new AccessAdministration.NewUser(
                "token.admin",
                "Admin",
                "CPNAT",
                "an admin passphrase",
                null,
                LocalDate.now().minusYears(1),
                LocalDate.now().minusYears(1),
                Set.of(Role.NATIONAL_ADMIN)));
        var admin = accounts.byUsername("token.admin").orElseThrow();
        String second = tokens.create(
                admin,
                jdbc.sql("select id from app_user where username = 'pds.feed'")
                        .query(Long.class)
                        .single(),
                "nhs-pds");
        jdbc.sql("update feed_token set revoked_at = current_timestamp where id = ?")
                .param(firstId)
                .update();
        assertThat(upload(first, "nhs-pds", FEED).statusCode()).isEqualTo(401);
        assertThat(upload(second, "nhs-pds", FEED).statusCode()).isEqualTo(201);

        jdbc.sql("update app_user set status = 'SUSPENDED' where username = 'pds.feed'")
                .update();
        assertThat(upload(second, "nhs-pds", FEED).statusCode()).isEqualTo(401);
        jdbc.sql("update app_user set status = 'ACTIVE' where username = 'pds.feed'")
                .update();
    }

    @Test
    void only_a_hash_of_a_token_is_stored() {
        String token = access.issueFeedToken("pds.feed", "nhs-pds");
        assertThat(jdbc.sql("select count(*) from feed_token where token_hash = ?")
                        .param(token)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from feed_token where token_hash = ?")
                        .param(FeedTokens.hash(token))
                        .query(Long.class)
                        .single())
                .isOne();
    }
}
