package uk.contactpoint.directory;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.contactpoint.access.SignedInUser;

/** The team's way into the archive: a ContactPoint ID, a purpose and a reason, then the record, read-only. */
@Controller
class ArchivePage {

    private final Archive archive;

    ArchivePage(Archive archive) {
        this.archive = archive;
    }

    @GetMapping("/team/archive")
    @PreAuthorize("hasRole('LA_TEAM')")
    String form(Model model) {
        model.addAttribute("purposes", List.of(Archive.Purpose.values()));
        return "archive";
    }

    @PostMapping("/team/archive")
    @PreAuthorize("hasRole('LA_TEAM')")
    String open(
            @RequestParam(required = false) String childId,
            @RequestParam(required = false) String purpose,
            @RequestParam(required = false) String reason,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            Model model) {
        model.addAttribute("purposes", List.of(Archive.Purpose.values()));
        model.addAttribute("childId", childId);
        model.addAttribute("purpose", purpose);
        model.addAttribute("reason", reason);
        try {
            model.addAttribute(
                    "opened", archive.open(ChildRecordPage.requester(user, request), childId, purpose, reason));
        } catch (RecordRefusedException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", e.field());
        }
        return "archive";
    }

    @PostMapping("/team/archive/stay-on")
    @PreAuthorize("hasRole('LA_TEAM')")
    String stayOn(
            @RequestParam(required = false) String childId,
            @RequestParam(required = false) String reason,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        try {
            archive.stayOn(ChildRecordPage.requester(user, request), childId, reason);
            redirect.addFlashAttribute(
                    "done", "The young person stays on until 25: the record is back in the directory and in search.");
        } catch (RecordRefusedException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/team/archive";
    }
}
