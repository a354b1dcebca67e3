package uk.contactpoint.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.contactpoint.access.SignedInUser;

/**
 * {@code GET /api/v1/children/{childId}?reason=...}: a child's record as JSON, under the same rules as the page: the
 * child must be among those this session's searches found, a reason is given with every call (and recorded with the
 * VIEW event), and the visibility rules decide what is in the answer. A shielded child's answer has the shielded view
 * only; a child-protection override user asks for more with {@code override=true} and a {@code reasonDetail}.
 */
@RestController
class ChildRecordApi {

    private final RecordAccess access;

    ChildRecordApi(RecordAccess access) {
        this.access = access;
    }

    @GetMapping(path = "/api/v1/children/{childId}", produces = "application/json")
    @PreAuthorize("hasAnyRole('PRACTITIONER', 'PRACTITIONER_VIEW_ONLY', 'LA_TEAM', 'CHILD_PROTECTION_OVERRIDE')")
    @Operation(
            summary = "Open a child's record",
            description = "The child must be among those this session's searches showed; otherwise 404, the same as"
                    + " for an ID that names no child. A shielded child's record has the shielded view only, unless"
                    + " a child-protection override user asks for an override with its reason. Audited as VIEW (and"
                    + " SHIELD_OVERRIDE) with the reason.")
    Map<String, Object> record(
            @Parameter(description = "The ContactPoint ID, with or without hyphens, e.g. CP-7K3M-9QXD-4") @PathVariable
                    String childId,
            @Parameter(
                            description =
                                    "Why the record is opened: SAFEGUARDING, CONTACT_PRACTITIONER, NEW_TO_SERVICE,"
                                            + " REFERRAL, CAF, CHILD_PROTECTION_ENQUIRY or OTHER")
                    @RequestParam(required = false)
                    String reason,
            @Parameter(description = "Free text, up to 500 characters; required for OTHER and for an override")
                    @RequestParam(required = false)
                    String reasonDetail,
            @Parameter(description = "true to override a shield (child-protection override users only)")
                    @RequestParam(defaultValue = "false")
                    boolean override,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        RecordView view = access.openAndView(
                ChildRecordPage.requester(user, request),
                childId,
                ChildRecordPage.found(request),
                reason,
                reasonDetail,
                override);
        return json(view);
    }

    /** Only what the view holds; absent values are left out rather than sent as null. */
    static Map<String, Object> json(RecordView view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("childId", view.childId());
        out.put("givenNames", view.givenNames());
        out.put("familyName", view.familyName());
        out.put("gender", view.gender());
        out.put("dateOfBirth", String.valueOf(view.dateOfBirth()));
        switch (view) {
            case RecordView.Shielded s -> {
                out.put("shielded", true);
                out.put("message", s.message());
            }
            case RecordView.Full f -> {
                out.put("shielded", f.shielded());
                if (f.overridden()) {
                    out.put("override", true);
                }
                out.put("formerFamilyNames", f.formerFamilyNames());
                put(
                        out,
                        "dateOfDeath",
                        f.dateOfDeath() == null ? null : f.dateOfDeath().toString());
                put(out, "nhsNumber", f.nhsNumber());
                put(out, "upn", f.upn());
                Map<String, Object> address = new LinkedHashMap<>();
                address.put("status", f.addressStatus());
                address.put("lines", f.address());
                out.put("address", address);
                out.put("carers", f.carers().stream().map(ChildRecordApi::carer).toList());
                out.put(
                        "services",
                        f.services().stream().map(ChildRecordApi::service).toList());
                out.put(
                        "sourceIdentifiers",
                        f.sourceIdentifiers().stream()
                                .map(i -> Map.of("source", i.sourceCode(), "recordId", i.recordId()))
                                .toList());
            }
        }
        return out;
    }

    private static Map<String, Object> service(ChildRecord.Service s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", s.type().feedCode());
        put(out, "organisationCode", s.organisationCode());
        put(out, "serviceName", s.serviceName());
        put(out, "practitionerName", s.practitionerName());
        put(out, "practitionerPhone", s.practitionerPhone());
        put(out, "practitionerEmail", s.practitionerEmail());
        put(out, "startedOn", s.startedOn() == null ? null : s.startedOn().toString());
        out.put("leadProfessional", s.leadProfessional());
        put(
                out,
                "cafCompletedOn",
                s.cafCompletedOn() == null ? null : s.cafCompletedOn().toString());
        return out;
    }

    private static void put(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static Map<String, Object> carer(ChildRecord.Carer c) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "name", c.name());
        put(out, "relationship", c.relationship());
        put(out, "phone", c.phone());
        put(out, "email", c.email());
        return out;
    }

    @ExceptionHandler(RecordRefusedException.class)
    ProblemDetail refused(RecordRefusedException e) {
        return e.problem("The record was not opened");
    }
}
