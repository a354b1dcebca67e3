package uk.contactpoint.directory;

import java.util.List;
import java.util.Set;
import uk.contactpoint.access.Role;

/**
 * The rules of docs/contactpoint.md that decide what a viewer sees of a record. Plain code with no database, so that
 * each rule is tested on its own and every way of reading a record (page, API) goes through the same one.
 *
 * <ul>
 *   <li>A <b>shielded</b> child shows only name, gender, date of birth and the ContactPoint ID, with the way to the
 *       ContactPoint team; the team of the child's own authority, and a child-protection override user who has
 *       confirmed an override for this opening, see the record.
 *   <li>A <b>sensitive service</b> (sexual health, mental health, substance misuse) is shown only to users of that
 *       service's organisation and to the ContactPoint team of the child's authority.
 *   <li>A <b>source's own identifiers</b> are shown only to users of the organisation that runs the source.
 * </ul>
 */
final class RecordVisibility {

    /**
     * Who is looking: their organisation, its local authority (null for national bodies), their roles, and whether
     * they confirmed a child-protection override.
     */
    record Viewer(
            long userId,
            String username,
            String organisationCode,
            String localAuthorityCode,
            Set<Role> roles,
            boolean overriding) {
        Viewer {
            roles = Set.copyOf(roles);
            if (overriding && !roles.contains(Role.CHILD_PROTECTION_OVERRIDE)) {
                throw new IllegalArgumentException("only a child-protection override user can override a shield");
            }
        }

        /** The ContactPoint team of the authority the child lives in: a team elsewhere is like any practitioner. */
        boolean teamOf(ChildRecord record) {
            return roles.contains(Role.LA_TEAM)
                    && localAuthorityCode != null
                    && localAuthorityCode.equals(record.localAuthorityCode());
        }
    }

    private RecordVisibility() {}

    static RecordView of(ChildRecord record, Viewer viewer) {
        String childId = record.childId().formatted();
        boolean team = viewer.teamOf(record);
        boolean seesShielded = team || viewer.overriding();
        if (record.shielded() && !seesShielded) {
            return new RecordView.Shielded(
                    childId, record.givenNames(), record.familyName(), record.gender(), record.dateOfBirth());
        }
        List<ChildRecord.Service> services = record.services().stream()
                .filter(s -> !s.type().sensitive() || team || ownOrganisation(viewer, s.organisationCode()))
                .toList();
        List<ChildRecord.SourceIdentifier> identifiers = record.sourceIdentifiers().stream()
                .filter(i -> ownOrganisation(viewer, i.organisationCode()))
                .toList();
        return new RecordView.Full(
                childId,
                record.givenNames(),
                record.familyName(),
                record.formerFamilyNames(),
                record.gender(),
                record.dateOfBirth(),
                record.dateOfDeath(),
                record.nhsNumber(),
                record.upn(),
                record.addressStatus(),
                record.addressLines(),
                record.carers(),
                services,
                identifiers,
                record.shielded(),
                record.shielded() && !team,
                team);
    }

    /** A null organisation on either side is nobody's own. */
    private static boolean ownOrganisation(Viewer viewer, String organisationCode) {
        return organisationCode != null && organisationCode.equals(viewer.organisationCode());
    }
}
