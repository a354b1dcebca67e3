package uk.contactpoint.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.access.AccessAdministration.NewOrganisation;
import uk.contactpoint.access.AccessAdministration.NewUser;
import uk.contactpoint.access.AccessAdministration.OrganisationKind;
import uk.contactpoint.testing.TestDatabases;

/** The rules of account administration, tried as administrators who would like to overstep them. */
@SpringBootTest
class AdministrationIT {

    static final String PASSWORD = "long enough and uncommon";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Autowired
    UserAdministration users;

    @Autowired
    OrganisationAdministration organisations;

    @Autowired
    AccessAdministration access;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void people() {
        access.ensureOrganisation(
                new NewOrganisation("383", "Leeds City Council", OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureOrganisation(new NewOrganisation("107001", "Mill Primary", OrganisationKind.SCHOOL, "383"));
        access.ensureOrganisation(
                new NewOrganisation("330", "Birmingham City Council", OrganisationKind.LOCAL_AUTHORITY, "330"));
        access.ensureOrganisation(new NewOrganisation("CPNAT", "National service", OrganisationKind.NATIONAL, null));
        person("leeds.manager1", "383", Role.LA_MANAGER);
        person("leeds.manager2", "383", Role.LA_MANAGER);
        person("leeds.team", "383", Role.LA_TEAM);
        person("leeds.teacher", "107001", Role.PRACTITIONER);
        person("brum.manager", "330", Role.LA_MANAGER);
        person("brum.teacher", "330", Role.PRACTITIONER);
        person("national.admin", "CPNAT", Role.NATIONAL_ADMIN);
    }

    void person(String username, String organisation, Role role) {
        access.ensureUser(new NewUser(
                username,
                username,
                organisation,
                PASSWORD,
                Totp.newSecret(),
                LocalDate.now().minusYears(1),
                LocalDate.now().minusYears(1),
                Set.of(role)));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    /** Acts as this user, signed in with both factors. */
    Accounts.Account as(String username) {
        var account = accounts.byUsername(username).orElseThrow();
        var authorities = new java.util.ArrayList<SimpleGrantedAuthority>();
        account.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority(r.authority())));
        authorities.add(new SimpleGrantedAuthority(SecondFactor.SIGNED_IN));
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account, null, authorities));
        return account;
    }

    long id(String username) {
        return accounts.byUsername(username).orElseThrow().id();
    }

    String status(String username) {
        return jdbc.sql("select status from app_user where username = ?")
                .param(username)
                .query(String.class)
                .single();
    }

    UserAdministration.NewAccount newAccount(String username, String organisation, Set<Role> roles) {
        return new UserAdministration.NewAccount(
                username,
                "New Person",
                organisation,
                PASSWORD,
                LocalDate.now().minusMonths(1),
                LocalDate.now().minusMonths(1),
                roles);
    }

    @Test
    void a_new_account_waits_for_a_second_manager_and_its_creator_cannot_approve_it() {
        var creator = as("leeds.manager1");
        long id = users.create(creator, newAccount("new.teacher", "107001", Set.of(Role.PRACTITIONER)));
        assertThat(status("new.teacher")).isEqualTo("PENDING");
        assertThatThrownBy(() -> users.approve(creator, id)).hasMessageContaining("Another administrator");
        users.approve(as("leeds.manager2"), id);
        assertThat(status("new.teacher")).isEqualTo("ACTIVE");
    }

    @Test
    void nobody_changes_their_own_account() {
        var manager = as("leeds.manager1");
        assertThatThrownBy(() -> users.suspend(manager, manager.id())).hasMessageContaining("your own account");
        assertThatThrownBy(() -> users.recordChecks(manager, manager.id(), LocalDate.now(), LocalDate.now()))
                .hasMessageContaining("your own account");
    }

    @Test
    void a_manager_reaches_only_the_accounts_of_their_own_authority() {
        var leeds = as("leeds.manager1");
        assertThat(users.visibleTo(leeds))
                .extracting(UserAdministration.UserRow::username)
                .contains("leeds.teacher", "leeds.team")
                .doesNotContain("brum.teacher", "brum.manager", "national.admin");
        assertThatThrownBy(() -> users.suspend(leeds, id("brum.teacher")))
                .hasMessageContaining("not one you administer");
        assertThatThrownBy(() -> users.create(leeds, newAccount("sneaky.one", "330", Set.of(Role.PRACTITIONER))))
                .hasMessageContaining("outside what you administer");
        assertThat(status("brum.teacher")).isEqualTo("ACTIVE");
    }

    @Test
    void a_manager_cannot_grant_national_or_machine_roles() {
        var leeds = as("leeds.manager1");
        assertThatThrownBy(() -> users.create(leeds, newAccount("would.be.admin", "383", Set.of(Role.NATIONAL_ADMIN))))
                .hasMessageContaining("outside what you administer");
        assertThatThrownBy(() -> users.create(leeds, newAccount("would.be.feed", "383", Set.of(Role.FEED_SYSTEM))))
                .hasMessageContaining("outside what you administer");
        assertThat(jdbc.sql("select count(*) from app_user where username like 'would.be.%'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void passwords_follow_ncsc_guidance_length_and_a_deny_list_without_composition_rules() {
        var leeds = as("leeds.manager1");
        assertThatThrownBy(() -> users.create(
                        leeds,
                        new UserAdministration.NewAccount(
                                "short.pw", "X", "383", "Tr0ub4dor&3", null, null, Set.of(Role.LA_TEAM))))
                .hasMessageContaining("at least 12");
        assertThatThrownBy(() -> users.create(
                        leeds,
                        new UserAdministration.NewAccount(
                                "common.pw", "X", "383", "Password1234", null, null, Set.of(Role.LA_TEAM))))
                .hasMessageContaining("too common");
        assertThatThrownBy(() -> users.create(
                        leeds,
                        new UserAdministration.NewAccount(
                                "name.pw", "X", "383", "name.pw is my secret", null, null, Set.of(Role.LA_TEAM))))
                .hasMessageContaining("username");
        // All lower case, no digits, no symbols: fine, because it is long and not common.
        users.create(
                leeds,
                new UserAdministration.NewAccount(
                        "words.pw", "X", "383", "purple tractor sandwich", null, null, Set.of(Role.LA_TEAM)));
        assertThat(status("words.pw")).isEqualTo("PENDING");
    }

    @Test
    void suspending_ends_the_accounts_sessions_and_reinstating_restores_it() {
        var manager = as("leeds.manager1");
        users.suspend(manager, id("leeds.team"));
        var suspended = accounts.byUsername("leeds.team").orElseThrow();
        assertThat(suspended.status()).isEqualTo("SUSPENDED");
        assertThat(suspended.sessionsValidAfter()).isNotNull();
        users.reinstate(manager, id("leeds.team"));
        assertThat(status("leeds.team")).isEqualTo("ACTIVE");
    }

    @Test
    void only_the_roles_allowed_may_call_administration_at_all() {
        var teacher = as("leeds.teacher");
        assertThatThrownBy(() -> users.visibleTo(teacher)).isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> users.create(teacher, newAccount("x.y.z", "107001", Set.of(Role.PRACTITIONER))))
                .isInstanceOf(AuthorizationDeniedException.class);
        var manager = as("leeds.manager1");
        assertThatThrownBy(
                        () -> organisations.create(manager, "999", "Made up", OrganisationKind.LOCAL_AUTHORITY, "999"))
                .isInstanceOf(AuthorizationDeniedException.class);
        organisations.create(as("national.admin"), "999", "Newtown Council", OrganisationKind.LOCAL_AUTHORITY, "");
        assertThat(jdbc.sql("select local_authority_code from organisation where code = '999'")
                        .query(String.class)
                        .single())
                .isEqualTo("999");
    }

    @Test
    void the_team_unlocks_a_locked_account_of_its_authority_only() {
        jdbc.sql(
                        "update app_user set locked_until = current_timestamp + interval '1' hour where username in ('leeds.teacher', 'brum.teacher')")
                .update();
        var team = as("leeds.team");
        users.unlock(team, id("leeds.teacher"));
        assertThat(accounts.byUsername("leeds.teacher").orElseThrow().isAccountNonLocked())
                .isTrue();
        assertThatThrownBy(() -> users.unlock(team, id("brum.teacher"))).hasMessageContaining("not one you administer");
        assertThatThrownBy(() -> users.suspend(team, id("leeds.teacher")))
                .isInstanceOf(AuthorizationDeniedException.class);
    }

    @Test
    void every_administrative_change_is_audited() {
        long before = jdbc.sql("select count(*) from audit_event where action like 'USER_%'")
                .query(Long.class)
                .single();
        var manager = as("leeds.manager1");
        long id = users.create(manager, newAccount("audited.one", "383", Set.of(Role.LA_TEAM)));
        users.approve(as("leeds.manager2"), id);
        List<String> actions = jdbc.sql("select action from audit_event where action like 'USER_%' order by seq")
                .query(String.class)
                .list();
        assertThat(actions.size() - before).isEqualTo(2);
        assertThat(actions.subList(actions.size() - 2, actions.size()))
                .containsExactly("USER_CREATED", "USER_APPROVED");
    }
}
