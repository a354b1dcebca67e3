package uk.contactpoint.directory;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.contactpoint.access.SignedInUser;

/**
 * The team's possible-match queue as GOV.UK pages. Built for working through hundreds a day from the keyboard: the
 * decision is the first thing focused on each pair, and a decision goes straight on to the next pair.
 */
@Controller
class MatchReviewPage {

    private final MatchReview review;

    MatchReviewPage(MatchReview review) {
        this.review = review;
    }

    @GetMapping("/team/match-review")
    @PreAuthorize("hasRole('LA_TEAM')")
    String queue(@AuthenticationPrincipal SignedInUser user, HttpServletRequest request, Model model) {
        var requester = ChildRecordPage.requester(user, request);
        model.addAttribute("entries", review.queue(requester));
        model.addAttribute("waiting", review.waiting(requester));
        return "match-review";
    }

    @GetMapping("/team/match-review/{id}")
    @PreAuthorize("hasRole('LA_TEAM')")
    String pair(
            @PathVariable long id,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            Model model,
            RedirectAttributes redirect) {
        try {
            model.addAttribute("item", review.item(ChildRecordPage.requester(user, request), id));
            return "match-review-pair";
        } catch (RecordRefusedException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/team/match-review";
        }
    }

    @PostMapping("/team/match-review/{id}")
    @PreAuthorize("hasRole('LA_TEAM')")
    String decide(
            @PathVariable long id,
            @RequestParam(required = false) String decision,
            @RequestParam(required = false) String reason,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            Model model,
            RedirectAttributes redirect) {
        var requester = ChildRecordPage.requester(user, request);
        try {
            var outcome = review.decide(requester, id, decision, reason);
            redirect.addFlashAttribute(
                    "done",
                    switch (outcome.verdict()) {
                        case LINK ->
                            "Linked to " + outcome.childId()
                                    + (outcome.merged() ? ", and the two records merged." : ".");
                        case NOT_A_MATCH -> "Recorded as different children.";
                        case NEEDS_INFORMATION -> "Kept in the queue until the information arrives.";
                    });
            return outcome.next()
                    .map(next -> "redirect:/team/match-review/" + next)
                    .orElse("redirect:/team/match-review");
        } catch (RecordRefusedException e) {
            if (e.kind() == RecordRefusedException.Kind.NOT_FOUND) {
                redirect.addFlashAttribute("error", e.getMessage());
                return "redirect:/team/match-review";
            }
            model.addAttribute("item", review.item(requester, id));
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", e.field());
            model.addAttribute("decision", decision);
            model.addAttribute("reason", reason);
            return "match-review-pair";
        }
    }
}
