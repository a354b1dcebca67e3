package uk.contactpoint.directory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.contactpoint.access.Role;
import uk.contactpoint.access.SignedInUser;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.ServiceType;

/**
 * A child's record: first the reason (and, for a shielded child, the override warning), then the record as the rules
 * let this user see it, with the practitioner's own service's involvement to add, end, lead or record a CAF for.
 */
@Controller
class ChildRecordPage {

    private final RecordAccess access;
    private final Involvements involvements;
    private final Shields shields;
    private final ContactRequests contactRequests;
    private final Adoptions adoptions;
    private final Merges merges;
    private final DataQueries dataQueries;
    private final Clock clock;

    ChildRecordPage(
            RecordAccess access,
            Involvements involvements,
            Shields shields,
            ContactRequests contactRequests,
            Adoptions adoptions,
            Merges merges,
            DataQueries dataQueries,
            Clock clock) {
        this.access = access;
        this.involvements = involvements;
        this.shields = shields;
        this.contactRequests = contactRequests;
        this.adoptions = adoptions;
        this.merges = merges;
        this.dataQueries = dataQueries;
        this.clock = clock;
    }

    @GetMapping("/children/{childId}")
    @PreAuthorize("hasAnyRole('PRACTITIONER', 'PRACTITIONER_VIEW_ONLY', 'LA_TEAM', 'CHILD_PROTECTION_OVERRIDE')")
    String reason(
            @PathVariable String childId,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        try {
            model.addAttribute("child", access.preview(requester(user, request), childId, found(request)));
        } catch (RecordRefusedException e) {
            return notFound(e, response, model);
        }
        model.addAttribute("reasons", reasons(user));
        return "child-reason";
    }

    @PostMapping("/children/{childId}")
    @PreAuthorize("hasAnyRole('PRACTITIONER', 'PRACTITIONER_VIEW_ONLY', 'LA_TEAM', 'CHILD_PROTECTION_OVERRIDE')")
    String open(
            @PathVariable String childId,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String reasonDetail,
            @RequestParam(defaultValue = "false") boolean override,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        var requester = requester(user, request);
        try {
            OpenRecord opening = access.open(requester, childId, found(request), reason, reasonDetail, override);
            opening.keep(request.getSession());
            return "redirect:/children/" + opening.childId() + "/record";
        } catch (RecordRefusedException e) {
            if (e.kind() == RecordRefusedException.Kind.NOT_FOUND) {
                return notFound(e, response, model);
            }
            response.setStatus(e.kind() == RecordRefusedException.Kind.FORBIDDEN ? 403 : 400);
            model.addAttribute("child", access.preview(requester, childId, found(request)));
            model.addAttribute("reasons", reasons(user));
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", e.field());
            model.addAttribute("chosen", reason);
            model.addAttribute("detail", reasonDetail);
            return "child-reason";
        }
    }

    @GetMapping("/children/{childId}/record")
    @PreAuthorize("hasAnyRole('PRACTITIONER', 'PRACTITIONER_VIEW_ONLY', 'LA_TEAM', 'CHILD_PROTECTION_OVERRIDE')")
    String record(
            @PathVariable String childId,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        var opening = opening(request, childId);
        if (opening == null) {
            return "redirect:/children/" + childId;
        }
        try {
            var view = access.view(requester(user, request), opening);
            model.addAttribute("record", view);
            if (view instanceof RecordView.Full full && full.teamView()) {
                model.addAttribute(
                        "shield", shields.current(ChildId.of(childId)).orElse(null));
                model.addAttribute("merges", merges.into(ChildId.of(childId), user.localAuthorityCode()));
            }
        } catch (RecordRefusedException e) {
            return notFound(e, response, model);
        }
        model.addAttribute("opening", opening);
        model.addAttribute(
                "ownSource",
                Sources.practitionerSourceOf(user.organisationCode()).value());
        model.addAttribute("canChange", user.has(Role.PRACTITIONER));
        model.addAttribute("serviceTypes", Arrays.asList(ServiceType.values()));
        model.addAttribute("user", user);
        return "child-record";
    }

    @PostMapping("/children/{childId}/close")
    @PreAuthorize("hasAnyRole('PRACTITIONER', 'PRACTITIONER_VIEW_ONLY', 'LA_TEAM', 'CHILD_PROTECTION_OVERRIDE')")
    String close(@PathVariable String childId, HttpServletRequest request) {
        OpenRecord.close(request.getSession(false));
        return "redirect:/search";
    }

    @PostMapping("/children/{childId}/involvements")
    @PreAuthorize("hasRole('PRACTITIONER')")
    String addInvolvement(
            @PathVariable String childId,
            @RequestParam(required = false) String serviceType,
            @RequestParam(required = false) String practitionerName,
            @RequestParam(required = false) String practitionerPhone,
            @RequestParam(required = false) String practitionerEmail,
            @RequestParam(required = false) String startedDay,
            @RequestParam(required = false) String startedMonth,
            @RequestParam(required = false) String startedYear,
            @RequestParam(defaultValue = "false") boolean leadProfessional,
            @RequestParam(defaultValue = "false") boolean consentRecorded,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        return changing(childId, request, redirect, "Your service's involvement is recorded.", opening -> {
            LocalDate started = date(startedDay, startedMonth, startedYear, "startedOn", "start date");
            involvements.add(
                    requester(user, request),
                    opening,
                    new Involvements.NewInvolvement(
                            serviceType,
                            practitionerName,
                            practitionerPhone,
                            practitionerEmail,
                            started,
                            leadProfessional,
                            consentRecorded));
        });
    }

    @PostMapping("/children/{childId}/involvements/{serviceType}/{change}")
    @PreAuthorize("hasRole('PRACTITIONER')")
    String changeInvolvement(
            @PathVariable String childId,
            @PathVariable String serviceType,
            @PathVariable String change,
            @RequestParam(required = false) String cafDay,
            @RequestParam(required = false) String cafMonth,
            @RequestParam(required = false) String cafYear,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        Involvements.Change what = Involvements.Change.of(change).orElse(null);
        if (what == null) {
            redirect.addFlashAttribute("error", "There is no such change to an involvement: " + change + ".");
            return "redirect:/children/" + childId + "/record";
        }
        String done = switch (what) {
            case END -> "Your service's involvement has ended.";
            case LEAD_PROFESSIONAL -> "You are recorded as the lead professional.";
            case CAF -> "The CAF assessment's date is recorded.";
        };
        return changing(
                childId,
                request,
                redirect,
                done,
                opening -> involvements.change(
                        requester(user, request),
                        opening,
                        serviceType,
                        what,
                        what == Involvements.Change.CAF
                                ? date(cafDay, cafMonth, cafYear, "cafCompletedOn", "CAF date")
                                : null));
    }

    @PostMapping("/children/{childId}/shield")
    @PreAuthorize("hasRole('LA_TEAM')")
    String shield(
            @PathVariable String childId,
            @RequestParam(required = false) String shieldReason,
            @RequestParam(required = false) String reviewDay,
            @RequestParam(required = false) String reviewMonth,
            @RequestParam(required = false) String reviewYear,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        return changing(
                childId,
                request,
                redirect,
                "The record is shielded. Searches and records show only the shielded view from now on.",
                opening -> shields.apply(
                        requester(user, request),
                        opening,
                        shieldReason,
                        date(reviewDay, reviewMonth, reviewYear, "reviewOn", "review date")));
    }

    @PostMapping("/children/{childId}/shield/lift")
    @PreAuthorize("hasRole('LA_TEAM')")
    String liftShield(
            @PathVariable String childId,
            @RequestParam(required = false) String shieldReason,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        return changing(
                childId,
                request,
                redirect,
                "The shield is lifted.",
                opening -> shields.lift(requester(user, request), opening, shieldReason));
    }

    @PostMapping("/children/{childId}/merges")
    @PreAuthorize("hasRole('LA_TEAM')")
    String merge(
            @PathVariable String childId,
            @RequestParam(required = false) String mergeChildId,
            @RequestParam(required = false) String mergeReason,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        return changing(
                childId,
                request,
                redirect,
                "The other record is merged into this one. An unmerge below puts it back.",
                opening -> merges.mergeInto(requester(user, request), opening, mergeChildId, mergeReason));
    }

    @PostMapping("/children/{childId}/merges/{id}/unmerge")
    @PreAuthorize("hasRole('LA_TEAM')")
    String unmerge(
            @PathVariable String childId,
            @PathVariable long id,
            @RequestParam(required = false) String unmergeReason,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        ChildId[] back = new ChildId[1];
        String target = changing(
                childId,
                request,
                redirect,
                "The records are two children again.",
                opening -> back[0] = merges.unmerge(requester(user, request), opening, id, unmergeReason));
        if (back[0] != null) {
            redirect.addFlashAttribute(
                    "done",
                    "The records are two children again: " + back[0].formatted()
                            + " has its own record back. The services involved with either child have been told.");
        }
        return target;
    }

    @PostMapping("/children/{childId}/data-queries")
    @PreAuthorize("hasAnyRole('PRACTITIONER', 'PRACTITIONER_VIEW_ONLY', 'LA_TEAM', 'CHILD_PROTECTION_OVERRIDE')")
    String reportMistake(
            @PathVariable String childId,
            @RequestParam(required = false) String field,
            @RequestParam(required = false) String message,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        return changing(
                childId,
                request,
                redirect,
                "Thank you. The ContactPoint team of the child's authority will check it with the sources.",
                opening -> dataQueries.raise(requester(user, request), opening, field, message));
    }

    @PostMapping("/children/{childId}/adoption")
    @PreAuthorize("hasRole('LA_TEAM')")
    String closeIdentity(
            @PathVariable String childId,
            @RequestParam(required = false) String adoptionReason,
            @RequestParam(required = false) String newGivenNames,
            @RequestParam(required = false) String newFamilyName,
            @RequestParam(required = false) String newGender,
            @RequestParam(required = false) String newAddressLine1,
            @RequestParam(required = false) String newTown,
            @RequestParam(required = false) String newPostcode,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        var opening = opening(request, childId);
        if (opening == null) {
            return "redirect:/children/" + childId;
        }
        try {
            ChildId created = adoptions.close(
                    requester(user, request),
                    opening,
                    new Adoptions.NewIdentity(
                            newGivenNames, newFamilyName, newGender, newAddressLine1, newTown, newPostcode),
                    adoptionReason);
            OpenRecord.close(request.getSession(false));
            redirect.addFlashAttribute(
                    "done",
                    "The identity is closed. The child's new record is " + created.formatted()
                            + ": search for it by the new name and the date of birth.");
            return "redirect:/search";
        } catch (RecordRefusedException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/children/" + opening.childId() + "/record";
        }
    }

    @PostMapping("/children/{childId}/contact-requests")
    @PreAuthorize("hasAnyRole('PRACTITIONER', 'PRACTITIONER_VIEW_ONLY', 'LA_TEAM', 'CHILD_PROTECTION_OVERRIDE')")
    String askForContact(
            @PathVariable String childId,
            @RequestParam(required = false) String message,
            @RequestParam(required = false) String contact,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        return changing(
                childId,
                request,
                redirect,
                "Your message is with the ContactPoint team, who will pass it on to the services working with the child.",
                opening -> contactRequests.ask(requester(user, request), opening, message, contact));
    }

    private interface Action {
        void run(OpenRecord opening);
    }

    /** A change needs the record open (with its reason); its outcome shows on the record page. */
    private String changing(
            String childId, HttpServletRequest request, RedirectAttributes redirect, String done, Action action) {
        var opening = opening(request, childId);
        if (opening == null) {
            return "redirect:/children/" + childId;
        }
        try {
            action.run(opening);
            redirect.addFlashAttribute("done", done);
        } catch (RecordRefusedException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/children/" + opening.childId() + "/record";
    }

    private OpenRecord opening(HttpServletRequest request, String childId) {
        try {
            return OpenRecord.current(request.getSession(false), ChildId.of(childId), clock.instant())
                    .orElse(null);
        } catch (InvalidValueException e) {
            return null;
        }
    }

    /** GOV.UK's date input: all three parts, or none for "not given". */
    private static LocalDate date(String day, String month, String year, String field, String what) {
        boolean none = blank(day) && blank(month) && blank(year);
        if (none) {
            return null;
        }
        try {
            return LocalDate.of(
                    Integer.parseInt(year.strip()), Integer.parseInt(month.strip()), Integer.parseInt(day.strip()));
        } catch (RuntimeException e) {
            throw new RecordRefusedException(
                    RecordRefusedException.Kind.BAD_REQUEST,
                    field,
                    "Enter the " + what + " as a real date, like 27 3 2026.");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Whether this session's searches showed the child: the way in to a record (ADR 21). */
    static Predicate<ChildId> found(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return id -> FoundChildren.contains(session, id);
    }

    private static List<ViewReason> reasons(SignedInUser user) {
        return Arrays.stream(ViewReason.values())
                .filter(r -> r != ViewReason.CHILD_PROTECTION_ENQUIRY
                        || user.has(Role.CHILD_PROTECTION_OVERRIDE)
                        || user.has(Role.LA_TEAM))
                .toList();
    }

    private static String notFound(RecordRefusedException e, HttpServletResponse response, Model model) {
        response.setStatus(404);
        model.addAttribute("message", e.getMessage());
        return "child-not-found";
    }

    static RecordAccess.Requester requester(SignedInUser user, HttpServletRequest request) {
        return new RecordAccess.Requester(user, request.getRemoteAddr(), request.getHeader("User-Agent"));
    }
}
