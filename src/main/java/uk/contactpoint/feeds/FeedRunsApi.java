package uk.contactpoint.feeds;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.SourceCode;

/**
 * Feed systems upload a source's file and read back its run and rejects report. The security configuration lets a
 * feed system's token reach only its own source's paths. The upload is stored whole, then loaded.
 */
@RestController
class FeedRunsApi {

    private final FeedLoader loader;
    private final Path uploads;

    FeedRunsApi(FeedLoader loader, @Value("${contactpoint.data-directory}") Path dataDirectory) {
        this.loader = loader;
        this.uploads = dataDirectory.resolve("uploads");
    }

    @PostMapping(
            path = "/api/v1/feeds/{source}/runs",
            consumes = {"text/csv", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<Map<String, Object>> upload(@PathVariable String source, InputStream body) throws IOException {
        SourceCode code = SourceCode.of(source);
        Files.createDirectories(uploads);
        Path file = Files.createTempFile(uploads, code.value() + "-", ".csv");
        try {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            FeedRunReport report = loader.load(code, file);
            return ResponseEntity.created(URI.create("/api/v1/feeds/" + code + "/runs/" + report.runId()))
                    .body(json(report, "COMPLETED"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @GetMapping("/api/v1/feeds/{source}/runs/{run}")
    ResponseEntity<Map<String, Object>> run(@PathVariable String source, @PathVariable long run) {
        return loader.findRun(SourceCode.of(source), run)
                .map(state -> ResponseEntity.ok(json(state.report(), state.state())))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping(path = "/api/v1/feeds/{source}/runs/{run}/rejects", produces = "text/csv")
    ResponseEntity<Resource> rejects(@PathVariable String source, @PathVariable long run) {
        return loader.findRun(SourceCode.of(source), run)
                .map(state -> state.report().rejectsReport())
                .filter(Files::isRegularFile)
                .map(path -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("text/csv"))
                        .body((Resource) new FileSystemResource(path)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static Map<String, Object> json(FeedRunReport r, String state) {
        return Map.of(
                "runId", r.runId(),
                "source", r.source(),
                "state", state,
                "alreadyLoaded", r.alreadyLoaded(),
                "read", r.read(),
                "inserted", r.inserted(),
                "updated", r.updated(),
                "unchanged", r.unchanged(),
                "deleted", r.deleted(),
                "rejected", r.rejected());
    }

    @ExceptionHandler(LoadBusyException.class)
    ProblemDetail busy(LoadBusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Another load is running");
        return problem;
    }

    @ExceptionHandler({FeedRefusedException.class, InvalidValueException.class, IllegalArgumentException.class})
    ProblemDetail refused(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("The feed was refused");
        return problem;
    }
}
