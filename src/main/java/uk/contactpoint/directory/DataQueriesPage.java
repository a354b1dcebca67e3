package uk.contactpoint.directory;

import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import java.time.LocalDate;
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

/** The team's queue of data quality queries about children of its authority. */
@Controller
class DataQueriesPage {

    private final DataQueries queries;

    DataQueriesPage(DataQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/team/data-queries")
    @PreAuthorize("hasRole('LA_TEAM')")
    String list(@AuthenticationPrincipal SignedInUser user, HttpServletRequest request, Model model) {
        model.addAttribute("queries", queries.open(ChildRecordPage.requester(user, request)));
        return "data-queries";
    }

    @PostMapping("/team/data-queries/{id}")
    @PreAuthorize("hasRole('LA_TEAM')")
    String resolve(
            @PathVariable long id,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String note,
            @RequestParam(required = false) String preferredSource,
            @RequestParam(required = false) String correctedGivenNames,
            @RequestParam(required = false) String correctedFamilyName,
            @RequestParam(required = false) String correctedDay,
            @RequestParam(required = false) String correctedMonth,
            @RequestParam(required = false) String correctedYear,
            @RequestParam(required = false) String correctedGender,
            @RequestParam(required = false) String correctedAddressLine1,
            @RequestParam(required = false) String correctedTown,
            @RequestParam(required = false) String correctedPostcode,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        try {
            queries.resolve(
                    ChildRecordPage.requester(user, request),
                    id,
                    outcome,
                    note,
                    preferredSource,
                    new DataQueries.Correction(
                            correctedGivenNames,
                            correctedFamilyName,
                            date(correctedDay, correctedMonth, correctedYear),
                            correctedGender,
                            correctedAddressLine1,
                            correctedTown,
                            correctedPostcode));
            redirect.addFlashAttribute("done", "Query " + id + " is resolved.");
        } catch (RecordRefusedException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/team/data-queries";
    }

    /** All three parts, or none; a date that does not exist is refused with the field. */
    private static LocalDate date(String day, String month, String year) {
        if (blank(day) && blank(month) && blank(year)) {
            return null;
        }
        try {
            return LocalDate.of(
                    Integer.parseInt(year.strip()), Integer.parseInt(month.strip()), Integer.parseInt(day.strip()));
        } catch (NumberFormatException | NullPointerException | DateTimeException e) {
            throw RecordRefusedException.bad("correctedDateOfBirth", "Enter a real date of birth, like 3 4 2015.");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
