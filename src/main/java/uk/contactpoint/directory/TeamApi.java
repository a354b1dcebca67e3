package uk.contactpoint.directory;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import uk.contactpoint.access.SignedInUser;

/**
 * The LA team's workbench as JSON, for the signed-in session and under the same rules as the pages (the possible-match
 * queue is {@link MatchReviewApi}). An action on a child opens the record as the API does, so the child must be among
 * those the session's searches found and the body carries the reason for opening it ({@code viewReason}, and
 * {@code viewReasonDetail} when the reason is OTHER), as the record page asks for it; the action is audited with its own
 * reason, as from the page.
 */
@RestController
class TeamApi {

    /** Why the record is opened for the action: a ViewReason code and, for OTHER, the detail. */
    record Opening(String viewReason, String viewReasonDetail) {}

    record Resolution(String outcome, String note, String preferredSource, DataQueries.Correction correction) {}

    record Handling(String outcome, String note) {}

    record Shield(String viewReason, String viewReasonDetail, String reason, LocalDate reviewOn) {}

    record Lift(String viewReason, String viewReasonDetail, String reason) {}

    record Merge(String viewReason, String viewReasonDetail, String fromChildId, String reason) {}

    record Unmerge(String viewReason, String viewReasonDetail, String reason) {}

    record Adoption(
            String viewReason,
            String viewReasonDetail,
            String reason,
            String givenNames,
            String familyName,
            String gender,
            String addressLine1,
            String town,
            String postcode) {}

    record ArchiveOpening(String purpose, String reason) {}

    record StayOn(String reason) {}

    private final RecordAccess access;
    private final DataQueries dataQueries;
    private final ContactRequests contactRequests;
    private final Shields shields;
    private final Merges merges;
    private final Adoptions adoptions;
    private final Archive archive;

    TeamApi(
            RecordAccess access,
            DataQueries dataQueries,
            ContactRequests contactRequests,
            Shields shields,
            Merges merges,
            Adoptions adoptions,
            Archive archive) {
        this.access = access;
        this.dataQueries = dataQueries;
        this.contactRequests = contactRequests;
        this.shields = shields;
        this.merges = merges;
        this.adoptions = adoptions;
        this.archive = archive;
    }

    @PostMapping(path = "/api/v1/team/archive/{childId}", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(
            summary = "Open an archived record of the team's authority, with a purpose (DATA_MANAGEMENT in the first"
                    + " year, CHILD_PROTECTION_ENQUIRY or SERIOUS_CASE_REVIEW until it is purged) and a reason")
    Archive.Opened openArchived(
            @PathVariable String childId,
            @RequestBody ArchiveOpening body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        return archive.open(ChildRecordPage.requester(user, request), childId, body.purpose(), body.reason());
    }

    @PostMapping(path = "/api/v1/team/children/{childId}/stay-on", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(
            summary = "Record that a young person (16 to 24) agreed to stay on until 25; an archived record in its"
                    + " first year comes back")
    Map<String, Object> stayOn(
            @PathVariable String childId,
            @RequestBody StayOn body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        archive.stayOn(ChildRecordPage.requester(user, request), childId, body.reason());
        return Map.of("childId", childId, "staysOn", true);
    }

    @GetMapping(path = "/api/v1/team/data-queries", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(summary = "Open data quality queries about children of the team's authority, oldest first")
    List<DataQueries.Query> dataQueries(@AuthenticationPrincipal SignedInUser user, HttpServletRequest request) {
        return dataQueries.open(ChildRecordPage.requester(user, request));
    }

    @PostMapping(path = "/api/v1/team/data-queries/{id}", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(
            summary = "Resolve a data quality query",
            description =
                    "outcome no_change, prefer (with preferredSource, one of the query's sources) or correct (with"
                            + " correction: the corrected value of the query's field); a note is required.")
    Map<String, Object> resolve(
            @PathVariable long id,
            @RequestBody Resolution body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        dataQueries.resolve(
                ChildRecordPage.requester(user, request),
                id,
                body.outcome(),
                body.note(),
                body.preferredSource(),
                body.correction());
        return Map.of("id", id, "state", "RESOLVED");
    }

    @GetMapping(path = "/api/v1/team/contact-requests", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(summary = "Open requests to pass a message on to the services of a shielded child")
    List<ContactRequests.Request> contactRequests(
            @AuthenticationPrincipal SignedInUser user, HttpServletRequest request) {
        return contactRequests.open(ChildRecordPage.requester(user, request));
    }

    @PostMapping(path = "/api/v1/team/contact-requests/{id}", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(summary = "Mark a contact request passed_on or declined, with a note")
    Map<String, Object> handle(
            @PathVariable long id,
            @RequestBody Handling body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        if (!"passed_on".equals(body.outcome()) && !"declined".equals(body.outcome())) {
            throw RecordRefusedException.bad("outcome", "outcome is passed_on or declined.");
        }
        contactRequests.handle(
                ChildRecordPage.requester(user, request), id, "passed_on".equals(body.outcome()), body.note());
        return Map.of("id", id, "outcome", body.outcome());
    }

    @PostMapping(path = "/api/v1/team/children/{childId}/shield", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(
            summary = "Shield a child of the team's authority, with a reason and a review date (ISO, within 2 years)")
    Map<String, Object> shield(
            @PathVariable String childId,
            @RequestBody Shield body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        var requester = ChildRecordPage.requester(user, request);
        shields.apply(
                requester,
                access.openForChange(
                        requester, childId, ChildRecordPage.found(request), body.viewReason(), body.viewReasonDetail()),
                body.reason(),
                body.reviewOn());
        return Map.of("childId", childId, "shielded", true);
    }

    @PostMapping(path = "/api/v1/team/children/{childId}/shield/lift", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(summary = "Lift a child's shield, with a reason")
    Map<String, Object> lift(
            @PathVariable String childId,
            @RequestBody Lift body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        var requester = ChildRecordPage.requester(user, request);
        shields.lift(
                requester,
                access.openForChange(
                        requester, childId, ChildRecordPage.found(request), body.viewReason(), body.viewReasonDetail()),
                body.reason());
        return Map.of("childId", childId, "shielded", false);
    }

    @PostMapping(path = "/api/v1/team/children/{childId}/merges", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(summary = "Merge another child of the authority (fromChildId) into this one, with a reason")
    Map<String, Object> merge(
            @PathVariable String childId,
            @RequestBody Merge body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        var requester = ChildRecordPage.requester(user, request);
        merges.mergeInto(
                requester,
                access.openForChange(
                        requester, childId, ChildRecordPage.found(request), body.viewReason(), body.viewReasonDetail()),
                body.fromChildId(),
                body.reason());
        return Map.of("childId", childId, "merged", body.fromChildId());
    }

    @GetMapping(path = "/api/v1/team/children/{childId}/merges", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(summary = "The merges into this child still in force (the ids an unmerge takes)")
    List<Merges.Merge> mergesInto(@PathVariable String childId, @AuthenticationPrincipal SignedInUser user) {
        String area = new RecordAccess.Requester(user, null, null)
                .teamArea("Only a local authority's ContactPoint team sees merges.");
        try {
            return merges.into(uk.contactpoint.kernel.ChildId.of(childId), area);
        } catch (uk.contactpoint.kernel.InvalidValueException e) {
            throw RecordRefusedException.notFound();
        }
    }

    @PostMapping(path = "/api/v1/team/children/{childId}/merges/{id}/unmerge", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(summary = "Undo a merge into this child, with a reason; the services involved are told")
    Map<String, Object> unmerge(
            @PathVariable String childId,
            @PathVariable long id,
            @RequestBody Unmerge body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        var requester = ChildRecordPage.requester(user, request);
        var back = merges.unmerge(
                requester,
                access.openForChange(
                        requester, childId, ChildRecordPage.found(request), body.viewReason(), body.viewReasonDetail()),
                id,
                body.reason());
        return Map.of("childId", childId, "restored", back.formatted());
    }

    @PostMapping(path = "/api/v1/team/children/{childId}/adoption", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(
            summary = "Close the child's identity at adoption and open a new one",
            description = "Answers the new ContactPoint ID once. Nothing in either record names the other.")
    Map<String, Object> adoption(
            @PathVariable String childId,
            @RequestBody Adoption body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        var requester = ChildRecordPage.requester(user, request);
        var created = adoptions.close(
                requester,
                access.openForChange(
                        requester, childId, ChildRecordPage.found(request), body.viewReason(), body.viewReasonDetail()),
                new Adoptions.NewIdentity(
                        body.givenNames(),
                        body.familyName(),
                        body.gender(),
                        body.addressLine1(),
                        body.town(),
                        body.postcode()),
                body.reason());
        return Map.of("closed", childId, "newChildId", created.formatted());
    }

    @ExceptionHandler(RecordRefusedException.class)
    ProblemDetail refused(RecordRefusedException e) {
        return e.problem("The request was refused");
    }
}
