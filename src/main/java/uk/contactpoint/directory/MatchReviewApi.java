package uk.contactpoint.directory;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
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

/** The team's possible-match queue as JSON, under the same rules as the pages. */
@RestController
class MatchReviewApi {

    /** A decision: link, not_a_match or needs_information, and why. */
    record DecisionRequest(String decision, String reason) {}

    private final MatchReview review;

    MatchReviewApi(MatchReview review) {
        this.review = review;
    }

    @GetMapping(path = "/api/v1/team/match-review", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(
            summary = "The possible-match queue of the team's authority",
            description = "Riskiest first: a shielded child on either side, then pairs not parked for more"
                    + " information, then by match weight. At most 200 pairs; `waiting` gives the whole count.")
    Map<String, Object> queue(@AuthenticationPrincipal SignedInUser user, HttpServletRequest request) {
        var requester = ChildRecordPage.requester(user, request);
        List<Map<String, Object>> pairs = review.queue(requester).stream()
                .map(e -> {
                    Map<String, Object> out = pending(e.pending());
                    out.put("recordName", e.recordName());
                    out.put("recordDateOfBirth", String.valueOf(e.recordDob()));
                    out.put("source", e.sourceName());
                    return out;
                })
                .toList();
        return Map.of("waiting", review.waiting(requester), "pairs", pairs);
    }

    @GetMapping(path = "/api/v1/team/match-review/{id}", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(summary = "One pair side by side, with each comparison's weight (the waterfall)")
    Map<String, Object> pair(
            @PathVariable long id, @AuthenticationPrincipal SignedInUser user, HttpServletRequest request) {
        var item = review.item(ChildRecordPage.requester(user, request), id);
        Map<String, Object> out = pending(item.pending());
        out.put("record", item.record());
        item.compared().ifPresent(c -> out.put("comparedWith", c));
        out.put("waterfall", item.waterfall());
        return out;
    }

    @PostMapping(path = "/api/v1/team/match-review/{id}", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @Operation(
            summary = "Decide a pair",
            description = "link (MANUAL MATCH: the record joins the candidate child), not_a_match (MANUAL NO_MATCH) or"
                    + " needs_information (stays in the queue). A reason is required. No automatic run overrides it.")
    Map<String, Object> decide(
            @PathVariable long id,
            @RequestBody DecisionRequest body,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request) {
        var outcome = review.decide(ChildRecordPage.requester(user, request), id, body.decision(), body.reason());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", outcome.verdict().name());
        out.put("childId", outcome.childId());
        out.put("merged", outcome.merged());
        outcome.next().ifPresent(next -> out.put("next", next));
        return out;
    }

    private static Map<String, Object> pending(MatchReview.Pending p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("result", p.result());
        if (p.weight() != null) {
            out.put("weight", p.weight());
        }
        out.put("shielded", p.shielded());
        out.put("reason", p.reason());
        if (p.reviewNote() != null) {
            out.put("needsInformation", p.reviewNote());
        }
        out.put("candidateChildId", p.candidateChildId());
        if (p.currentChildId() != null) {
            out.put("currentChildId", p.currentChildId());
        }
        return out;
    }

    @ExceptionHandler(RecordRefusedException.class)
    ProblemDetail refused(RecordRefusedException e) {
        return e.problem("The decision was not made");
    }
}
