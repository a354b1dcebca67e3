package uk.contactpoint.access;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;

/** National administrators manage organisations: local authorities, national partners and services. */
@Service
class OrganisationAdministration {

    record OrganisationRow(long id, String code, String name, String kind, String localAuthorityCode) {}

    private final JdbcClient jdbc;
    private final AccessAdministration access;
    private final AuditLog audit;

    OrganisationAdministration(JdbcClient jdbc, AccessAdministration access, AuditLog audit) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
    }

    @PreAuthorize("hasRole('NATIONAL_ADMIN')")
    List<OrganisationRow> all() {
        return jdbc.sql("select id, code, name, kind, local_authority_code from organisation order by name")
                .query((rs, n) -> new OrganisationRow(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    @Transactional
    @PreAuthorize("hasRole('NATIONAL_ADMIN')")
    void create(
            SignedInUser actor,
            String code,
            String name,
            AccessAdministration.OrganisationKind kind,
            String localAuthorityCode) {
        if (code == null || !code.strip().matches("[A-Za-z0-9-]{2,20}")) {
            throw new AdministrationException("An organisation code is 2-20 letters, digits or hyphens.");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new AdministrationException("Enter the organisation's name (at most 200 characters).");
        }
        String la = localAuthorityCode == null || localAuthorityCode.isBlank() ? null : localAuthorityCode.strip();
        if (kind == AccessAdministration.OrganisationKind.LOCAL_AUTHORITY && la == null) {
            la = code.strip();
        }
        if (la != null && !la.matches("[0-9]{3}")) {
            throw new AdministrationException("A local authority code is the authority's 3-digit DfE code.");
        }
        if (jdbc.sql("select count(*) from organisation where code = :c")
                        .param("c", code.strip())
                        .query(Long.class)
                        .single()
                > 0) {
            throw new AdministrationException("An organisation with that code exists already.");
        }
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(code.strip(), name.strip(), kind, la));
        audit.record(SignInAudit.event(
                "ORGANISATION_CREATED", actor, null, null, AuditEvent.Outcome.SUCCESS, code.strip() + " " + kind));
    }
}
