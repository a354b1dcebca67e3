package uk.contactpoint.directory;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.AccessAdministration.OrganisationKind;
import uk.contactpoint.access.Role;
import uk.contactpoint.feeds.Sources;

/** What the LA team's tests share: Leeds and Birmingham with a Leeds school, users made real, links read back. */
final class TeamFixtures {
    private TeamFixtures() {}

    static void organisations(AccessAdministration access) {
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds City Council", OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "330", "Birmingham City Council", OrganisationKind.LOCAL_AUTHORITY, "330"));
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "107001", "Mill Primary School", OrganisationKind.SCHOOL, "383"));
    }

    /** A real user of the organisation with one role, as the service sees a signed-in one, for calling it directly. */
    static RecordAccess.Requester requester(
            AccessAdministration access,
            JdbcClient jdbc,
            String username,
            String organisation,
            String area,
            Role role,
            String agent) {
        access.ensureUser(new AccessAdministration.NewUser(
                username,
                username,
                organisation,
                "team fixture passphrase",
                "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                LocalDate.now(),
                LocalDate.now(),
                Set.of(role)));
        long id = jdbc.sql("select id from app_user where username = ?")
                .param(username)
                .query(Long.class)
                .single();
        return new RecordAccess.Requester(
                new TeamWorkbenchIT.User(id, username, organisation, area, List.of(role)), "127.0.0.1", agent);
    }

    /** The child a source's record is linked to as a MATCH, or null. */
    static Long childOf(JdbcClient jdbc, Sources.Source source, String recordId) {
        return jdbc.sql("""
                        select l.child_id from source_link l join source_record r on r.id = l.source_record_id
                        where r.source_code = ? and r.record_id = ? and l.match_result = 'MATCH'""")
                .param(source.code().value())
                .param(recordId)
                .query(Long.class)
                .optional()
                .orElse(null);
    }
}
