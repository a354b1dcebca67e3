package uk.contactpoint.directory;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import uk.contactpoint.access.SignedInUser;

/**
 * The LA manager's subject access report: a form for the child's ContactPoint ID or NHS number, then the report as a
 * page, or the same report as a PDF to send to the family.
 */
@Controller
class SubjectAccessPage {

    static final String NOT_FOUND = "No child resident in your authority has that ContactPoint ID or NHS number. Check"
            + " it with the family, or ask the ContactPoint team of the authority the child lives in.";

    private final SubjectAccessReports reports;
    private final ITemplateEngine templates;

    SubjectAccessPage(SubjectAccessReports reports, ITemplateEngine templates) {
        this.reports = reports;
        this.templates = templates;
    }

    @GetMapping("/admin/subject-access")
    @PreAuthorize("hasRole('LA_MANAGER')")
    String form() {
        return "subject-access";
    }

    @PostMapping("/admin/subject-access")
    @PreAuthorize("hasRole('LA_MANAGER')")
    Object produce(
            @RequestParam(defaultValue = "") String identifier,
            @RequestParam(defaultValue = "html") String format,
            @AuthenticationPrincipal SignedInUser user,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (identifier.isBlank()) {
            response.setStatus(400);
            model.addAttribute("error", "Enter the child's ContactPoint ID or NHS number.");
            return "subject-access";
        }
        var report = reports.produce(ChildRecordPage.requester(user, request), identifier);
        if (report == null) {
            response.setStatus(404);
            model.addAttribute("error", NOT_FOUND);
            model.addAttribute("identifier", identifier);
            return "subject-access";
        }
        if (format.equals("pdf")) {
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_PDF)
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment()
                                    .filename("subject-access-"
                                            + report.child().childId().formatted() + ".pdf")
                                    .build()
                                    .toString())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(pdf(report));
        }
        model.addAttribute("report", report);
        model.addAttribute("identifier", identifier);
        return "subject-access";
    }

    /** The report's own XHTML template, rendered to PDF; the page and the PDF share the report fragment. */
    private byte[] pdf(SubjectAccessReports.Report report) {
        String xhtml = templates.process("subject-access-pdf", new Context(Locale.UK, Map.of("report", report)));
        var out = new ByteArrayOutputStream();
        try {
            var builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("the subject access report could not be rendered as PDF", e);
        }
        return out.toByteArray();
    }
}
