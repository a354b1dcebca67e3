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

/** The ContactPoint team's queue of requests to pass on to the services of shielded children of its authority. */
@Controller
class ContactRequestsPage {

    private final ContactRequests requests;

    ContactRequestsPage(ContactRequests requests) {
        this.requests = requests;
    }

    @GetMapping("/team/contact-requests")
    @PreAuthorize("hasRole('LA_TEAM')")
    String list(@AuthenticationPrincipal SignedInUser user, HttpServletRequest request, Model model) {
        model.addAttribute("requests", requests.open(ChildRecordPage.requester(user, request)));
        return "contact-requests";
    }

    @PostMapping("/team/contact-requests/{id}")
    @PreAuthorize("hasRole('LA_TEAM')")
    String handle(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String outcome,
            @RequestParam(required = false) String note,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        try {
            if (!outcome.equals("passed_on") && !outcome.equals("declined")) {
                throw new RecordRefusedException(
                        RecordRefusedException.Kind.BAD_REQUEST,
                        "outcome",
                        "Choose whether the message was passed on.");
            }
            requests.handle(ChildRecordPage.requester(user, request), id, outcome.equals("passed_on"), note);
            redirect.addFlashAttribute(
                    "done", "Request " + id + (outcome.equals("passed_on") ? " is passed on." : " is declined."));
        } catch (RecordRefusedException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/team/contact-requests";
    }
}
