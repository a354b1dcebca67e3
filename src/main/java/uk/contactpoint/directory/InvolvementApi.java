package uk.contactpoint.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import uk.contactpoint.access.SignedInUser;

/**
 * A practitioner's own service's involvement as JSON, for case-management systems acting in a signed-in
 * practitioner's session: the same changes as the record page, under the same rules ({@link Involvements}). As with
 * the record API, the child must be among those this session's searches found and every call gives the reason for
 * opening the record ({@code viewReason}, and {@code viewReasonDetail} for OTHER), audited with the change.
 */
@RestController
class InvolvementApi {

    /** Adds (or replaces) the practitioner's service; {@code startedOn} defaults to today, the flags to false. */
    record Addition(
            String viewReason,
            String viewReasonDetail,
            String serviceType,
            String practitionerName,
            String practitionerPhone,
            String practitionerEmail,
            LocalDate startedOn,
            Boolean leadProfessional,
            Boolean consentRecorded) {}

    /** An end, lead professional or CAF change; {@code cafCompletedOn} only for a CAF. */
    record Change(String viewReason, String viewReasonDetail, LocalDate cafCompletedOn) {}

    private final RecordAccess access;
    private final Involvements involvements;

    InvolvementApi(RecordAccess access, Involvements involvements) {
        this.access = access;
        this.involvements = involvements;
    }

    @PostMapping(path = "/api/v1/children/{childId}/involvements", produces = "application/json")
    @PreAuthorize("hasRole('PRACTITIONER')")
    @Operation(
            summary = "Record the signed-in practitioner's service's involvement with a child",
            description = "One involvement per organisation and service type: adding it again replaces the contact"
                    + " details. A sexual health, mental health or substance misuse service needs consentRecorded."
                    + " Refused on a shielded child (ask the ContactPoint team). Audited as INVOLVEMENT_ADDED.")
    Map<String, Object> add(
            @Parameter(description = "The ContactPoint ID, with or without hyphens") @PathVariable String childId,
            @RequestBody Addition body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        var requester = ChildRecordPage.requester(user, request);
        involvements.add(
                requester,
                access.openForChange(
                        requester, childId, ChildRecordPage.found(request), body.viewReason(), body.viewReasonDetail()),
                new Involvements.NewInvolvement(
                        body.serviceType(),
                        body.practitionerName(),
                        body.practitionerPhone(),
                        body.practitionerEmail(),
                        body.startedOn(),
                        Boolean.TRUE.equals(body.leadProfessional()),
                        Boolean.TRUE.equals(body.consentRecorded())));
        return answer(childId, body.serviceType(), "added");
    }

    @PostMapping(path = "/api/v1/children/{childId}/involvements/{serviceType}/{change}", produces = "application/json")
    @PreAuthorize("hasRole('PRACTITIONER')")
    @Operation(
            summary = "End the service's involvement, mark the practitioner lead professional, or record a CAF",
            description = "change is end, lead or caf (with cafCompletedOn). Only the practitioner's own"
                    + " organisation's involvement changes. Audited as INVOLVEMENT_ENDED, LEAD_PROFESSIONAL or"
                    + " CAF_RECORDED.")
    Map<String, Object> change(
            @PathVariable String childId,
            @Parameter(description = "The service type's feed code, e.g. school or youth_service") @PathVariable
                    String serviceType,
            @Parameter(description = "end, lead or caf") @PathVariable String change,
            @RequestBody Change body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        Involvements.Change what = Involvements.Change.of(change)
                .orElseThrow(() -> RecordRefusedException.bad("change", "The change is end, lead or caf."));
        var requester = ChildRecordPage.requester(user, request);
        involvements.change(
                requester,
                access.openForChange(
                        requester, childId, ChildRecordPage.found(request), body.viewReason(), body.viewReasonDetail()),
                serviceType,
                what,
                body.cafCompletedOn());
        return answer(childId, serviceType, change);
    }

    private static Map<String, Object> answer(String childId, String serviceType, String change) {
        return Map.of("childId", childId, "serviceType", serviceType, "change", change);
    }

    @ExceptionHandler(RecordRefusedException.class)
    ProblemDetail refused(RecordRefusedException e) {
        return e.problem("The involvement was not changed");
    }
}
