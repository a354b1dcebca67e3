package uk.contactpoint.web;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.contactpoint.access.SignedInUser;
import uk.contactpoint.directory.Directory;

/** The sign-in page and the signed-in start page. */
@Controller
class Pages {

    private final Directory directory;

    Pages(Directory directory) {
        this.directory = directory;
    }

    @GetMapping("/sign-in")
    String signIn(@RequestParam(name = "error", required = false) String error, HttpSession session, Model model) {
        if (error != null) {
            Object exception = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            model.addAttribute("error", message(exception));
        }
        return "sign-in";
    }

    /** What to tell the user: the account's state only ever reaches someone who gave the right password. */
    static String message(Object exception) {
        if (exception instanceof AuthenticationException e
                && !(e instanceof BadCredentialsException)
                && e.getMessage() != null
                && !e.getMessage().isBlank()
                && e.getClass().getPackageName().startsWith("org.springframework.security.authentication")
                && !(e instanceof org.springframework.security.authentication.InternalAuthenticationServiceException)) {
            return e.getMessage();
        }
        return "The username or password is not right.";
    }

    @GetMapping("/")
    String start(@AuthenticationPrincipal SignedInUser user, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("totals", directory.totals());
        return "start";
    }
}
