package uk.contactpoint.web;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.Role;
import uk.contactpoint.access.SignedInUser;
import uk.contactpoint.audit.MisuseDetector;

/** Misuse alerts with their evidence: a manager sees those about users of the authority's organisations. */
@Controller
class AlertsPage {

    private final MisuseDetector detector;
    private final AccessAdministration access;

    AlertsPage(MisuseDetector detector, AccessAdministration access) {
        this.detector = detector;
        this.access = access;
    }

    @GetMapping("/admin/alerts")
    @PreAuthorize("hasAnyRole('LA_MANAGER', 'NATIONAL_ADMIN')")
    String alerts(@AuthenticationPrincipal SignedInUser user, Model model) {
        var organisations = user.has(Role.NATIONAL_ADMIN) ? null : access.organisationsOf(user.localAuthorityCode());
        model.addAttribute("alerts", detector.alerts(organisations));
        return "admin-alerts";
    }
}
