package uk.contactpoint.search;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.contactpoint.access.SignedInUser;

/**
 * {@code GET /api/v1/children}: the practitioner search as JSON, for a signed-in session. The same rules as the page:
 * minimum criteria, at most ten results or a request to refine, only what picks the right child, and an audit event
 * for every call. Errors are {@code application/problem+json} and name the field.
 */
@RestController
class ChildrenApi {

    private final ChildSearch search;

    ChildrenApi(ChildSearch search) {
        this.search = search;
    }

    @GetMapping(path = "/api/v1/children", produces = "application/json")
    @PreAuthorize("hasAnyRole('PRACTITIONER', 'PRACTITIONER_VIEW_ONLY', 'LA_TEAM', 'CHILD_PROTECTION_OVERRIDE')")
    @Operation(
            summary = "Search for a child",
            description = "Needs a family name with a date of birth (YYYY-MM-DD), birth year, age range (ageFrom and"
                    + " ageTo, at most 3 years apart) or postcode (or district); or a whole NHS number or UPN alone."
                    + " Answers FOUND with at most 10 results (name, gender, date of birth, town, ContactPoint ID),"
                    + " or REFINE with none when more qualify. Audited as SEARCH.")
    Map<String, Object> children(
            @RequestParam(required = false) String familyName,
            @RequestParam(required = false) String givenName,
            @RequestParam(required = false) String dateOfBirth,
            @RequestParam(required = false) String birthYear,
            @RequestParam(required = false) String ageFrom,
            @RequestParam(required = false) String ageTo,
            @RequestParam(required = false) String postcode,
            @RequestParam(required = false) String nhsNumber,
            @RequestParam(required = false) String upn,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        var input = new SearchCriteria.Input(
                familyName, givenName, dateOfBirth, birthYear, ageFrom, ageTo, postcode, nhsNumber, upn);
        var outcome = search.search(
                input, new ChildSearch.Searcher(user, request.getRemoteAddr(), request.getHeader("User-Agent")));
        Map<String, Object> body = new LinkedHashMap<>();
        switch (outcome) {
            case SearchOutcome.Found found -> {
                SearchPage.remember(request, found);
                body.put("outcome", "FOUND");
                body.put(
                        "results",
                        found.results().stream().map(ChildrenApi::json).toList());
            }
            case SearchOutcome.Refine refine -> {
                body.put("outcome", "REFINE");
                body.put("message", SearchOutcome.Refine.MESSAGE);
                body.put("results", List.of());
            }
        }
        return body;
    }

    /** A shielded child's entry has no town at all, not even an empty one. */
    private static Map<String, Object> json(SearchOutcome.Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("childId", r.childId());
        out.put("givenNames", r.givenNames());
        out.put("familyName", r.familyName());
        out.put("gender", r.gender());
        out.put("dateOfBirth", r.dateOfBirth() == null ? null : r.dateOfBirth().toString());
        if (r.town() != null) {
            out.put("town", r.town());
        }
        return out;
    }

    @ExceptionHandler(SearchRefusedException.class)
    ProblemDetail refused(SearchRefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("The search was refused");
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(SearchIndex.UnavailableException.class)
    ProblemDetail unavailable(SearchIndex.UnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Search is not available yet");
        return problem;
    }
}
