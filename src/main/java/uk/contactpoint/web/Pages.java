package uk.contactpoint.web;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import uk.contactpoint.access.SignedInUser;
import uk.contactpoint.directory.Directory;

/** The signed-in start page. */
@Controller
class Pages {

    private final Directory directory;

    Pages(Directory directory) {
        this.directory = directory;
    }

    @GetMapping("/")
    String start(@AuthenticationPrincipal SignedInUser user, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("totals", directory.totals());
        model.addAttribute("notices", directory.notices(user.organisationCode()));
        return "start";
    }
}
