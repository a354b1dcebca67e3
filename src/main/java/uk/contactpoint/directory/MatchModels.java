package uk.contactpoint.directory;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import uk.contactpoint.feeds.FeedRunFinished;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.matching.LinkageRecord;
import uk.contactpoint.matching.MatchModel;
import uk.contactpoint.matching.TrainingOptions;

/**
 * The matching models the directory links with, kept in the database so that every node links with the same one and
 * every link's {@code model_version} can be read back. One is active. Until the directory holds enough records to
 * train on, the model bundled with the service (trained without labels on generated data) links; the first feed run
 * that ends with enough records trains one on the directory's own records. See docs/adr/0017-linkage-in-the-directory.md.
 */
@Component
public class MatchModels {

    private static final Logger log = LoggerFactory.getLogger(MatchModels.class);
    static final String BUNDLED = "/matching/bundled-model.txt";

    enum Origin {
        TRAINED,
        BUNDLED
    }

    /** What {@link #train} did. */
    public record Trained(String version, int records, long millis) {}

    private final JdbcClient jdbc;
    private final SourceRecords sourceRecords;
    private final LinkageSettings settings;
    private final Clock clock;
    private volatile MatchModel cached;

    MatchModels(JdbcClient jdbc, SourceRecords sourceRecords, LinkageSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.sourceRecords = sourceRecords;
        this.settings = settings;
        this.clock = clock;
    }

    /** The model to link with now, in the caller's transaction: the active one, or the bundled one to begin with. */
    @Transactional(propagation = Propagation.MANDATORY)
    MatchModel active() {
        var version = jdbc
                .sql("select version from match_model where active order by created_at desc")
                .query(String.class)
                .list()
                .stream()
                .findFirst();
        if (version.isEmpty()) {
            MatchModel bundled = bundled();
            store(bundled, Origin.BUNDLED, 0);
            return bundled;
        }
        MatchModel model = cached;
        if (model == null || !model.version().equals(version.get())) {
            model = find(version.get());
            cached = model;
        }
        return model;
    }

    /**
     * After every feed run (and after a run found already loaded, so that a load killed before this point still
     * trains when run again): once the directory holds enough records from more than one source, a model trained on
     * them replaces the bundled one. Training on one source alone would learn nothing of how sources differ.
     */
    @EventListener
    @Transactional
    public void on(FeedRunFinished event) {
        boolean bundledOrNone = jdbc.sql("select count(*) from match_model where active and origin = 'TRAINED'")
                        .query(Long.class)
                        .single()
                == 0;
        if (bundledOrNone
                && sourceRecords.count() >= settings.minTrainingRecords()
                && sourceRecords.activeSources() > 1) {
            train();
        }
    }

    /** Trains a model on every active record in the directory and makes it the active one. */
    @Transactional
    public Trained train() {
        long started = System.nanoTime();
        List<LinkageRecord> records = new ArrayList<>();
        sourceRecords.forEachActive(r -> records.add(LinkageInput.of(r.source(), r.data(), false)));
        if (records.size() < settings.minTrainingRecords()) {
            throw new IllegalStateException("the directory holds " + records.size()
                    + " source records; a model needs at least " + settings.minTrainingRecords()
                    + " (contactpoint.matching.min-training-records)");
        }
        MatchModel model = MatchModel.train(records, TrainingOptions.DEFAULT);
        store(model, Origin.TRAINED, records.size());
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info("trained matching model {} on {} source records in {} ms", model.version(), records.size(), millis);
        return new Trained(model.version(), records.size(), millis);
    }

    /** A model the directory has linked with, by version: to explain a link made with it. */
    MatchModel find(String version) {
        String body = jdbc.sql("select body from match_model where version = :v")
                .param("v", version)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new IllegalArgumentException("no matching model " + version));
        return read(new StringReader(body), "model " + version);
    }

    private void store(MatchModel model, Origin origin, long trainedOn) {
        jdbc.sql("update match_model set active = false where active").update();
        int updated = jdbc.sql("update match_model set active = true where version = :v")
                .param("v", model.version())
                .update();
        if (updated == 0) {
            StringWriter body = new StringWriter();
            model.save(body);
            jdbc.sql("""
                    insert into match_model (version, body, origin, trained_on, created_at, active)
                    values (:v, :body, :origin, :on, :at, true)""")
                    .param("v", model.version())
                    .param("body", body.toString())
                    .param("origin", origin.name())
                    .param("on", trainedOn)
                    .param("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                    .update();
        }
        cached = model;
    }

    static MatchModel bundled() {
        var in = Objects.requireNonNull(MatchModels.class.getResourceAsStream(BUNDLED), BUNDLED + " is missing");
        return read(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED);
    }

    private static MatchModel read(Reader reader, String what) {
        try (reader) {
            return MatchModel.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the matching " + what, e);
        }
    }
}
