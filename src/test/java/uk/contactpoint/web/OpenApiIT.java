package uk.contactpoint.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import uk.contactpoint.testing.TestDatabases;

/** The OpenAPI description, read over HTTP as anyone may: every JSON endpoint, and nothing but the API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Test
    void the_api_is_described_with_its_search_record_and_feed_endpoints_and_their_parameters() throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        var doc = JsonMapper.builder().build().readTree(response.body());
        assertThat(doc.get("openapi").asString()).startsWith("3.");
        List<String> paths = StreamSupport.stream(
                        doc.get("paths").propertyNames().spliterator(), false)
                .toList();
        assertThat(paths)
                .contains(
                        "/api/v1/children",
                        "/api/v1/children/{childId}",
                        "/api/v1/feeds/{source}/runs",
                        "/api/v1/feeds/{source}/runs/{run}")
                .allMatch(p -> p.startsWith("/api/"));
        var record = doc.get("paths").get("/api/v1/children/{childId}").get("get");
        assertThat(record.get("summary").asString()).isEqualTo("Open a child's record");
        assertThat(record.get("parameters").toString()).contains("reason", "reasonDetail", "override");
        assertThat(doc.get("paths")
                        .get("/api/v1/children")
                        .get("get")
                        .get("parameters")
                        .toString())
                .contains("familyName", "dateOfBirth", "nhsNumber");
    }
}
