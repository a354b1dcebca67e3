package uk.contactpoint.access;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrators' pages: accounts, organisations and feed tokens. */
@Controller
class AdminPages {

    private final UserAdministration users;
    private final OrganisationAdministration organisations;
    private final FeedTokens tokens;

    AdminPages(UserAdministration users, OrganisationAdministration organisations, FeedTokens tokens) {
        this.users = users;
        this.organisations = organisations;
        this.tokens = tokens;
    }

    @GetMapping("/admin/users")
    String users(@AuthenticationPrincipal Accounts.Account actor, Model model) {
        model.addAttribute("users", users.visibleTo(actor));
        model.addAttribute("actor", actor);
        model.addAttribute("manager", actor.has(Role.LA_MANAGER) || actor.has(Role.NATIONAL_ADMIN));
        return "admin-users";
    }

    @GetMapping("/admin/users/new")
    String newUser(@AuthenticationPrincipal Accounts.Account actor, Model model) {
        model.addAttribute("roles", grantable(actor));
        return "admin-user-new";
    }

    private static Set<Role> grantable(SignedInUser actor) {
        return actor.has(Role.NATIONAL_ADMIN) ? EnumSet.allOf(Role.class) : UserAdministration.LA_MANAGER_GRANTS;
    }

    @PostMapping("/admin/users")
    String create(
            @AuthenticationPrincipal Accounts.Account actor,
            @RequestParam String username,
            @RequestParam String displayName,
            @RequestParam String organisationCode,
            @RequestParam String password,
            @RequestParam(defaultValue = "") String vettingCheckedOn,
            @RequestParam(defaultValue = "") String trainingCompletedOn,
            @RequestParam(name = "roles", required = false) List<Role> roles,
            @RequestParam(defaultValue = "") String familyName,
            @RequestParam(defaultValue = "") String homePostcode,
            Model model,
            RedirectAttributes redirect) {
        try {
            users.create(
                    actor,
                    new UserAdministration.NewAccount(
                            username.strip(),
                            displayName,
                            organisationCode.strip(),
                            password,
                            date(vettingCheckedOn, "vetting check"),
                            date(trainingCompletedOn, "training"),
                            roles == null ? Set.of() : EnumSet.copyOf(roles)),
                    UserAdministration.Home.of(familyName, homePostcode));
        } catch (AdministrationException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("roles", grantable(actor));
            return "admin-user-new";
        }
        redirect.addFlashAttribute(
                "done", "The account " + username.strip() + " is created. Another administrator must approve it.");
        return "redirect:/admin/users";
    }

    private static LocalDate date(String text, String what) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new AdministrationException("Enter the date of the " + what + " as YYYY-MM-DD.");
        }
    }

    @PostMapping("/admin/users/{id}/approve")
    String approve(
            @AuthenticationPrincipal Accounts.Account actor, @PathVariable long id, RedirectAttributes redirect) {
        return act(redirect, "The account is approved.", () -> users.approve(actor, id));
    }

    @PostMapping("/admin/users/{id}/suspend")
    String suspend(
            @AuthenticationPrincipal Accounts.Account actor, @PathVariable long id, RedirectAttributes redirect) {
        return act(redirect, "The account is suspended and its sessions have ended.", () -> users.suspend(actor, id));
    }

    @PostMapping("/admin/users/{id}/reinstate")
    String reinstate(
            @AuthenticationPrincipal Accounts.Account actor, @PathVariable long id, RedirectAttributes redirect) {
        return act(redirect, "The account is enabled again.", () -> users.reinstate(actor, id));
    }

    @PostMapping("/admin/users/{id}/unlock")
    String unlock(@AuthenticationPrincipal Accounts.Account actor, @PathVariable long id, RedirectAttributes redirect) {
        return act(redirect, "The account is unlocked.", () -> users.unlock(actor, id));
    }

    @PostMapping("/admin/users/{id}/checks")
    String checks(
            @AuthenticationPrincipal Accounts.Account actor,
            @PathVariable long id,
            @RequestParam(defaultValue = "") String vettingCheckedOn,
            @RequestParam(defaultValue = "") String trainingCompletedOn,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "The checks are recorded.",
                () -> users.recordChecks(
                        actor, id, date(vettingCheckedOn, "vetting check"), date(trainingCompletedOn, "training")));
    }

    private static String act(RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("done", done);
        } catch (AdministrationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/users";
    }

    @GetMapping("/admin/organisations")
    String organisations(Model model) {
        model.addAttribute("organisations", organisations.all());
        model.addAttribute("kinds", AccessAdministration.OrganisationKind.values());
        return "admin-organisations";
    }

    @PostMapping("/admin/organisations")
    String createOrganisation(
            @AuthenticationPrincipal Accounts.Account actor,
            @RequestParam String code,
            @RequestParam String name,
            @RequestParam AccessAdministration.OrganisationKind kind,
            @RequestParam(defaultValue = "") String localAuthorityCode,
            RedirectAttributes redirect) {
        try {
            organisations.create(actor, code, name, kind, localAuthorityCode);
            redirect.addFlashAttribute("done", "The organisation " + name.strip() + " is added.");
        } catch (AdministrationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/organisations";
    }

    @GetMapping("/admin/tokens")
    String tokens(Model model) {
        model.addAttribute("tokens", tokens.all());
        return "admin-tokens";
    }

    @PostMapping("/admin/tokens")
    String issueToken(
            @AuthenticationPrincipal Accounts.Account actor,
            @RequestParam long userId,
            @RequestParam String sourceCode,
            RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("token", tokens.issue(actor, userId, sourceCode.strip()));
        } catch (AdministrationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/tokens";
    }

    @PostMapping("/admin/tokens/{id}/rotate")
    String rotate(@AuthenticationPrincipal Accounts.Account actor, @PathVariable long id, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("token", tokens.rotate(actor, id));
        } catch (AdministrationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/tokens";
    }

    @PostMapping("/admin/tokens/{id}/revoke")
    String revoke(@AuthenticationPrincipal Accounts.Account actor, @PathVariable long id, RedirectAttributes redirect) {
        try {
            tokens.revoke(actor, id);
            redirect.addFlashAttribute("done", "The token is revoked.");
        } catch (AdministrationException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/tokens";
    }
}
