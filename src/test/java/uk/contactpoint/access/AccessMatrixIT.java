package uk.contactpoint.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.SourceCode;
import uk.contactpoint.testing.TestDatabases;

/**
 * Calls every endpoint the application exposes, found from its handler mappings, as every role, a half-signed-in
 * session and an anonymous caller, and compares the outcome with the declared matrix in access-matrix.csv.
 */
@SpringBootTest
class AccessMatrixIT {

    enum Principal {
        ANONYMOUS,
        PENDING,
        PRACTITIONER,
        PRACTITIONER_VIEW_ONLY,
        LA_TEAM,
        LA_MANAGER,
        CHILD_PROTECTION_OVERRIDE,
        NATIONAL_ADMIN,
        FEED_SYSTEM
    }

    record Row(String kind, String method, String path, Map<Principal, Boolean> allowed) {
        String key() {
            return method + " " + path;
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Autowired
    WebApplicationContext context;

    @Autowired
    AccessAdministration access;

    @Autowired
    Accounts accounts;

    @Autowired
    Sources sources;

    MockMvc mvc;
    String feedToken;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
        for (Role role : Role.values()) {
            access.ensureUser(new AccessAdministration.NewUser(
                    "matrix." + role.name().toLowerCase(),
                    role.title(),
                    "383",
                    "matrix password 2026",
                    Totp.newSecret(),
                    LocalDate.now().minusYears(1),
                    LocalDate.now().minusYears(1),
                    Set.of(role)));
        }
        sources.register(new Sources.Source(new SourceCode("nhs-pds"), "Health", Sources.Kind.HEALTH));
        if (feedToken == null) {
            feedToken = access.issueFeedToken("matrix.feed_system", "nhs-pds");
        }
    }

    static List<Row> matrix() throws IOException {
        try (InputStream in = AccessMatrixIT.class.getResourceAsStream("/access-matrix.csv")) {
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList()) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("kind,")) {
                    continue;
                }
                String[] cells = line.split(",");
                Map<Principal, Boolean> allowed = new EnumMap<>(Principal.class);
                for (Principal p : Principal.values()) {
                    allowed.put(p, cells[3 + p.ordinal()].equals("A"));
                }
                rows.add(new Row(cells[0], cells[1], cells[2], allowed));
            }
            return rows;
        }
    }

    /** Every (method, path) the application's handler mappings serve. */
    Set<String> endpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (var mapping :
                context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            mapping.getHandlerMethods().keySet().forEach(info -> {
                var methods = info.getMethodsCondition().getMethods();
                var patterns = info.getPathPatternsCondition() != null
                        ? info.getPathPatternsCondition().getPatternValues()
                        : info.getPatternValues();
                for (String pattern : patterns) {
                    if (methods.isEmpty()) {
                        endpoints.add("GET " + pattern);
                    } else {
                        methods.forEach(m -> endpoints.add(m.name() + " " + pattern));
                    }
                }
            });
        }
        return endpoints;
    }

    @Test
    void every_endpoint_has_a_row_in_the_matrix_and_every_handler_row_an_endpoint() throws IOException {
        Set<String> declared = new TreeSet<>();
        matrix().stream().filter(r -> r.kind().equals("handler")).forEach(r -> declared.add(r.key()));
        assertThat(endpoints())
                .as("endpoints without a row in access-matrix.csv")
                .isSubsetOf(declared);
        assertThat(declared)
                .as("matrix rows for endpoints that no longer exist")
                .isSubsetOf(endpoints());
    }

    @Test
    void every_endpoint_answers_each_role_as_the_matrix_declares() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (Row row : matrix()) {
            for (Principal principal : Principal.values()) {
                MockHttpServletResponse response = call(row, principal);
                boolean denied = denied(response);
                if (denied == row.allowed().get(principal)) {
                    mismatches.add(row.key() + " as " + principal + ": expected "
                            + (row.allowed().get(principal) ? "allow" : "deny") + " but got " + response.getStatus()
                            + " " + response.getHeader("Location"));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    static boolean denied(MockHttpServletResponse response) {
        int status = response.getStatus();
        String location = response.getHeader("Location");
        return status == 401
                || status == 403
                || (status == 302
                        && location != null
                        && (location.endsWith("/sign-in")
                                || location.contains("/sign-in?ended")
                                || location.endsWith("/sign-in/second-factor?denied")));
    }

    MockHttpServletResponse call(Row row, Principal principal) throws Exception {
        String path = row.path()
                .replace("{source}", "nhs-pds")
                .replace("{run}", "1")
                .replace("{id}", "AAAA")
                .replace("{childId}", "CP-0000-0000-0")
                .replace("{serviceType}", "school")
                .replace("{change}", "end")
                .replace("**", "liveness");
        if (row.path().contains("/admin/") && row.path().contains("{id}")) {
            path = row.path().replace("{id}", "999999");
        }
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(HttpMethod.valueOf(row.method()), path);
        if (row.method().equals("POST")) {
            request.with(csrf());
        }
        if (path.startsWith("/api/v1/feeds") && row.method().equals("POST")) {
            request.contentType("text/csv")
                    .content("record_id,given_names,family_name,date_of_birth\nm1,Amy,Matrix,2016-01-01\n");
        }
        switch (principal) {
            case ANONYMOUS -> {}
            case PENDING -> {
                var account = accounts.byUsername("matrix.practitioner").orElseThrow();
                request.with(authentication(UsernamePasswordAuthenticationToken.authenticated(
                                account, null, List.of(new SimpleGrantedAuthority(SecondFactor.PENDING)))))
                        .sessionAttr(SecondFactor.PASSWORD_VERIFIED, account.id())
                        .sessionAttr(SecondFactor.PASSWORD_VERIFIED_AT, Instant.now());
            }
            default -> {
                Role role = Role.valueOf(principal.name());
                if (path.startsWith("/api/") && role == Role.FEED_SYSTEM) {
                    request.header("Authorization", "Bearer " + feedToken);
                } else {
                    var account = accounts.byUsername("matrix." + role.name().toLowerCase())
                            .orElseThrow();
                    List<GrantedAuthority> authorities = List.of(
                            new SimpleGrantedAuthority(role.authority()),
                            new SimpleGrantedAuthority(SecondFactor.SIGNED_IN),
                            new SimpleGrantedAuthority("FACTOR_PASSWORD"),
                            new SimpleGrantedAuthority("FACTOR_TOTP"));
                    request.with(authentication(
                                    UsernamePasswordAuthenticationToken.authenticated(account, null, authorities)))
                            .sessionAttr(SecondFactor.SIGNED_IN_AT, Instant.now());
                }
            }
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    @Test
    void a_session_past_its_absolute_limit_or_a_half_sign_in_left_too_long_is_ended() throws Exception {
        var account = accounts.byUsername("matrix.la_team").orElseThrow();
        var full = UsernamePasswordAuthenticationToken.authenticated(
                account,
                null,
                List.of(
                        new SimpleGrantedAuthority(Role.LA_TEAM.authority()),
                        new SimpleGrantedAuthority(SecondFactor.SIGNED_IN)));
        var old = mvc.perform(MockMvcRequestBuilders.get("/admin/users")
                        .with(authentication(full))
                        .sessionAttr(
                                SecondFactor.SIGNED_IN_AT,
                                Instant.now().minus(SessionGuard.ABSOLUTE_LIMIT).minusSeconds(60)))
                .andReturn()
                .getResponse();
        assertThat(old.getHeader("Location")).endsWith("/sign-in?ended=timeout");
        var fresh = mvc.perform(MockMvcRequestBuilders.get("/admin/users")
                        .with(authentication(full))
                        .sessionAttr(SecondFactor.SIGNED_IN_AT, Instant.now().minusSeconds(60)))
                .andReturn()
                .getResponse();
        assertThat(fresh.getStatus()).isEqualTo(200);

        var pending = UsernamePasswordAuthenticationToken.authenticated(
                account, null, List.of(new SimpleGrantedAuthority(SecondFactor.PENDING)));
        var stale = mvc.perform(MockMvcRequestBuilders.get("/sign-in/second-factor")
                        .with(authentication(pending))
                        .sessionAttr(SecondFactor.PASSWORD_VERIFIED, account.id())
                        .sessionAttr(
                                SecondFactor.PASSWORD_VERIFIED_AT,
                                Instant.now()
                                        .minus(SessionGuard.SECOND_FACTOR_WITHIN)
                                        .minusSeconds(5)))
                .andReturn()
                .getResponse();
        assertThat(stale.getHeader("Location")).endsWith("/sign-in?ended=timeout");
    }
}
