package uk.contactpoint.feeds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import uk.contactpoint.access.SignedInUser;

/**
 * The ContactPoint team's view of its sources' feed runs (issue 8): the sources run by organisations of its
 * authority, each run's counts and rejects report, and per source the trend of rejected rows, so that a source that
 * starts sending bad files is seen.
 */
@Controller
class FeedRunsPage {

    /** One run, as the page lists it. */
    record Run(
            long id,
            String source,
            String file,
            String state,
            OffsetDateTime startedAt,
            long read,
            long inserted,
            long updated,
            long unchanged,
            long deleted,
            long rejected) {

        public double rejectedShare() {
            return read == 0 ? 0 : 100.0 * rejected / read;
        }
    }

    /** A source's trend: its runs shown, its last run's rejected share against the mean of the runs before. */
    record Trend(String source, int runs, double lastShare, double earlierShare) {
        public boolean worse() {
            return runs > 1 && lastShare > earlierShare + 1.0;
        }
    }

    private static final int RUNS_SHOWN = 200;

    private final JdbcClient jdbc;
    private final Path runsDirectory;

    FeedRunsPage(JdbcClient jdbc, @Value("${contactpoint.data-directory}") Path dataDirectory) {
        this.jdbc = jdbc;
        this.runsDirectory = dataDirectory.resolve("runs");
    }

    @GetMapping("/team/feed-runs")
    @PreAuthorize("hasRole('LA_TEAM')")
    String runs(@AuthenticationPrincipal SignedInUser user, Model model) {
        List<Run> runs = runsOf(user, null);
        model.addAttribute("runs", runs);
        model.addAttribute("trends", trends(runs));
        return "feed-runs";
    }

    /** The same as JSON, for the team's own tools; each run's rejects are at the page's CSV address. */
    @GetMapping(path = "/api/v1/team/feed-runs", produces = "application/json")
    @PreAuthorize("hasRole('LA_TEAM')")
    @ResponseBody
    Map<String, Object> runsJson(@AuthenticationPrincipal SignedInUser user) {
        List<Run> runs = runsOf(user, null);
        return Map.of("runs", runs, "trends", trends(runs));
    }

    private static List<Trend> trends(List<Run> runs) {
        Map<String, List<Run>> bySource = new LinkedHashMap<>();
        runs.forEach(r ->
                bySource.computeIfAbsent(r.source(), s -> new ArrayList<>()).add(r));
        List<Trend> trends = new ArrayList<>();
        bySource.forEach((source, list) -> {
            // Newest first: the first is the last run.
            double earlier = list.stream()
                    .skip(1)
                    .mapToDouble(Run::rejectedShare)
                    .average()
                    .orElse(0);
            trends.add(new Trend(source, list.size(), list.getFirst().rejectedShare(), earlier));
        });
        return trends;
    }

    @GetMapping(path = "/team/feed-runs/{run}/rejects", produces = "text/csv")
    @PreAuthorize("hasRole('LA_TEAM')")
    ResponseEntity<Resource> rejects(@PathVariable long run, @AuthenticationPrincipal SignedInUser user) {
        if (runsOf(user, run).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        Path file = runsDirectory.resolve("run-" + run + "-rejects.csv");
        if (!Files.isRegularFile(file)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=run-" + run + "-rejects.csv")
                .body(new FileSystemResource(file));
    }

    /** The runs of sources run by organisations of the user's authority, newest first (one run when given). */
    private List<Run> runsOf(SignedInUser user, Long only) {
        if (user.localAuthorityCode() == null) {
            return List.of();
        }
        var spec = jdbc.sql("""
                        select r.id, r.source_code, r.file_name, r.state, r.started_at, r.rows_read, r.rows_inserted,
                            r.rows_updated, r.rows_unchanged, r.rows_deleted, r.rows_rejected
                        from feed_run r join source s on s.code = r.source_code
                        join organisation o on o.id = s.organisation_id
                        where o.local_authority_code = :la"""
                        + (only == null ? "" : " and r.id = :run") + " order by r.id desc fetch first "
                        + RUNS_SHOWN + " rows only")
                .param("la", user.localAuthorityCode());
        if (only != null) {
            spec = spec.param("run", only);
        }
        return spec.query((rs, n) -> new Run(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getLong(9),
                        rs.getLong(10),
                        rs.getLong(11)))
                .list();
    }
}
