package uk.contactpoint.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.Map;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.contactpoint.audit.AuditEvent;

/** The sign-in pages: password, then a TOTP code or a passkey; first-time TOTP enrolment; the user's passkeys. */
@Controller
class SignInPages {

    static final String ENROL_SECRET = "contactpoint.enrolSecret";

    private static final Map<String, String> ENDED = Map.of(
            "suspended", "Your session has ended because your account was suspended.",
            "lapsed", "Your session has ended because your vetting check or training has lapsed.",
            "locked", "Your session has ended because your account was locked.",
            "revoked", "Your session has ended because your account was changed. Sign in again.",
            "timeout", "Your session has timed out. Sign in again.",
            "passkey", "Sign in with your password first, then use your passkey.",
            "refused", "You cannot sign in with this account at the moment.");

    private final Accounts accounts;
    private final SecondFactor secondFactor;
    private final SignInAudit audit;
    private final Clock clock;
    private final PublicKeyCredentialUserEntityRepository passkeyUsers;
    private final UserCredentialRepository passkeys;

    SignInPages(
            Accounts accounts,
            SecondFactor secondFactor,
            SignInAudit audit,
            Clock clock,
            PublicKeyCredentialUserEntityRepository passkeyUsers,
            UserCredentialRepository passkeys) {
        this.accounts = accounts;
        this.secondFactor = secondFactor;
        this.audit = audit;
        this.clock = clock;
        this.passkeyUsers = passkeyUsers;
        this.passkeys = passkeys;
    }

    @GetMapping("/sign-in")
    String signIn(
            @RequestParam(name = "error", required = false) String error,
            @RequestParam(name = "ended", required = false) String ended,
            HttpSession session,
            Model model) {
        if (error != null) {
            model.addAttribute("error", message(session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)));
        } else if (ended != null) {
            model.addAttribute("error", ENDED.getOrDefault(ended, "Your session has ended. Sign in again."));
        }
        return "sign-in";
    }

    /** What to tell the user: an account's state only ever reaches someone who gave its right password. */
    static String message(Object exception) {
        if (exception instanceof AuthenticationException e
                && !(e instanceof BadCredentialsException)
                && !(e instanceof InternalAuthenticationServiceException)
                && e.getMessage() != null) {
            return e.getMessage();
        }
        return "The username or password is not right.";
    }

    @GetMapping("/sign-in/second-factor")
    String secondFactor(@AuthenticationPrincipal Accounts.Account account, Model model) {
        model.addAttribute("totp", account.totpSecret() != null);
        model.addAttribute("passkey", accounts.hasPasskey(account.username()));
        return "second-factor";
    }

    @PostMapping("/sign-in/second-factor")
    String checkCode(
            @AuthenticationPrincipal Accounts.Account pending,
            @RequestParam(name = "code", defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        var account = accounts.byId(pending.id()).orElseThrow();
        if (!account.usable()) {
            return "redirect:/sign-in?ended=refused";
        }
        var step = account.totpSecret() == null
                ? java.util.OptionalLong.empty()
                : Totp.verify(account.totpSecret(), code, clock.instant(), account.totpLastStep());
        if (step.isPresent() && accounts.acceptTotpStep(account.id(), step.getAsLong())) {
            secondFactor.complete(request, response, account, "TOTP");
            return "redirect:/";
        }
        boolean locked = accounts.recordFailure(account.id());
        audit.record(
                locked ? "ACCOUNT_LOCKED" : "SIGN_IN",
                account,
                null,
                request,
                AuditEvent.Outcome.FAILURE,
                "wrong code");
        if (locked) {
            request.getSession().invalidate();
            return "redirect:/sign-in?ended=locked";
        }
        model.addAttribute("totp", account.totpSecret() != null);
        model.addAttribute("passkey", accounts.hasPasskey(account.username()));
        model.addAttribute(
                "error",
                code.isBlank()
                        ? "Enter the 6-digit code from your authenticator app."
                        : "The code is not right. Enter the code your app shows now.");
        return "second-factor";
    }

    @GetMapping("/sign-in/enrol")
    String enrol(@AuthenticationPrincipal Accounts.Account account, HttpSession session, Model model) {
        String secret = (String) session.getAttribute(ENROL_SECRET);
        if (secret == null) {
            secret = Totp.newSecret();
            session.setAttribute(ENROL_SECRET, secret);
        }
        enrolModel(account, secret, model);
        return "enrol";
    }

    private static void enrolModel(Accounts.Account account, String secret, Model model) {
        model.addAttribute("secret", secret);
        model.addAttribute("groupedSecret", Totp.grouped(secret));
        model.addAttribute("qr", Totp.qrDataUri(Totp.uri(secret, account.username())));
    }

    @PostMapping("/sign-in/enrol")
    String confirmEnrolment(
            @AuthenticationPrincipal Accounts.Account pending,
            @RequestParam(name = "code", defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        var account = accounts.byId(pending.id()).orElseThrow();
        HttpSession session = request.getSession();
        String secret = (String) session.getAttribute(ENROL_SECRET);
        if (account.totpSecret() != null || secret == null) {
            return "redirect:/sign-in/second-factor";
        }
        var step = Totp.verify(secret, code, clock.instant(), null);
        if (step.isEmpty()) {
            enrolModel(account, secret, model);
            model.addAttribute("error", "The code is not right. Enter the code your app shows now.");
            return "enrol";
        }
        accounts.enrolTotp(account.id(), secret, step.getAsLong());
        session.removeAttribute(ENROL_SECRET);
        audit.record("TOTP_ENROLLED", account, null, request, AuditEvent.Outcome.SUCCESS, null);
        secondFactor.complete(request, response, accounts.byId(account.id()).orElseThrow(), "TOTP");
        return "redirect:/";
    }

    @GetMapping("/account")
    String account(@AuthenticationPrincipal Accounts.Account account, Model model) {
        var entity = passkeyUsers.findByUsername(account.username());
        model.addAttribute("user", account);
        model.addAttribute("passkeys", entity == null ? java.util.List.of() : passkeys.findByUserId(entity.getId()));
        return "account";
    }

    @PostMapping("/account/passkeys/{id}/delete")
    String deletePasskey(
            @AuthenticationPrincipal Accounts.Account account, @PathVariable String id, HttpServletRequest request) {
        var entity = passkeyUsers.findByUsername(account.username());
        var credential = passkeys.findByCredentialId(Bytes.fromBase64(id));
        if (entity != null
                && credential != null
                && credential.getUserEntityUserId().equals(entity.getId())) {
            passkeys.delete(credential.getCredentialId());
            audit.record("PASSKEY_REMOVED", account, null, request, AuditEvent.Outcome.SUCCESS, credential.getLabel());
        }
        return "redirect:/account";
    }
}
