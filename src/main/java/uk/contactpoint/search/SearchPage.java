package uk.contactpoint.search;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import uk.contactpoint.access.SignedInUser;
import uk.contactpoint.directory.FoundChildren;

/**
 * The search page: a GOV.UK form, then the results table, a request to refine, or the problem with the criteria.
 * Each result links to the child's record, which asks for a reason before it opens.
 */
@Controller
class SearchPage {

    /** The form as typed; the date of birth comes as day, month and year, GOV.UK's date input. */
    record Form(
            String familyName,
            String givenName,
            String dobDay,
            String dobMonth,
            String dobYear,
            String ageFrom,
            String ageTo,
            String postcode,
            String nhsNumber,
            String upn) {

        /**
         * Day, month and year make a date of birth; a year alone is a birth year. A partial or unreal date is passed
         * on as typed, so that the search refuses it (and the refusal is audited like any other).
         */
        SearchCriteria.Input input() {
            String dateOfBirth = null;
            String birthYear = null;
            if (!blank(dobDay) || !blank(dobMonth)) {
                dateOfBirth = text(dobYear) + "-" + twoDigits(dobMonth) + "-" + twoDigits(dobDay);
            } else if (!blank(dobYear)) {
                birthYear = dobYear;
            }
            return new SearchCriteria.Input(
                    familyName, givenName, dateOfBirth, birthYear, ageFrom, ageTo, postcode, nhsNumber, upn);
        }

        boolean isEmpty() {
            return blank(dobDay) && blank(dobMonth) && blank(dobYear) && input().isEmpty();
        }

        private static String twoDigits(String s) {
            String t = text(s);
            return t.length() == 1 && Character.isDigit(t.charAt(0)) ? "0" + t : t;
        }

        private static String text(String s) {
            return s == null ? "" : s.strip();
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }

    private final ChildSearch search;

    SearchPage(ChildSearch search) {
        this.search = search;
    }

    @GetMapping("/search")
    @PreAuthorize("hasAnyRole('PRACTITIONER', 'PRACTITIONER_VIEW_ONLY', 'LA_TEAM', 'CHILD_PROTECTION_OVERRIDE')")
    String search(
            @ModelAttribute("form") Form form,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            Model model) {
        if (form.isEmpty()) {
            return "search";
        }
        try {
            var outcome = search.search(
                    form.input(),
                    new ChildSearch.Searcher(user, request.getRemoteAddr(), request.getHeader("User-Agent")));
            model.addAttribute("searched", true);
            switch (outcome) {
                case SearchOutcome.Found found -> {
                    model.addAttribute("results", found.results());
                    remember(request, found);
                }
                case SearchOutcome.Refine refine -> model.addAttribute("refine", SearchOutcome.Refine.MESSAGE);
            }
        } catch (SearchRefusedException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", anchor(e.field()));
        } catch (SearchIndex.UnavailableException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", "familyName");
        }
        return "search";
    }

    /** The children shown are the ones this session may open (docs/adr/0021-the-childs-record.md). */
    static void remember(HttpServletRequest request, SearchOutcome.Found found) {
        FoundChildren.remember(
                request.getSession(),
                found.results().stream().map(SearchOutcome.Result::childId).toList());
    }

    /** The form field a refusal points at: the date of birth's first box for a date problem. */
    private static String anchor(String field) {
        return switch (field) {
            case "dateOfBirth" -> "dobDay";
            case "birthYear" -> "dobYear";
            default -> field;
        };
    }
}
