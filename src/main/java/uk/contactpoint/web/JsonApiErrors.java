package uk.contactpoint.web;

import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Spring MVC's own refusals (a body that is not the JSON asked for, a missing parameter, a wrong method or media type)
 * as {@code application/problem+json} for the JSON APIs, like their domain refusals. Only controllers annotated
 * {@link RestController}: the GOV.UK pages keep their error page.
 */
@RestControllerAdvice(annotations = RestController.class)
class JsonApiErrors extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // The parser's message names the field and the position; the rest of its text is Java, not for the caller.
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The request body is not the JSON this call takes" + where(e) + ". See /v3/api-docs for its shape.");
        problem.setTitle("The request was refused");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Where the parser stopped: the field's path (never Java class names) and the line and column. */
    private static String where(HttpMessageNotReadableException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JacksonException j) {
                String path = j.getPath().stream()
                        .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                        .replace(".[", "[");
                var location = j.getLocation();
                return (path.isEmpty() ? "" : " at " + path)
                        + (location == null || location.getLineNr() < 0
                                ? ""
                                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
            }
        }
        return "";
    }
}
