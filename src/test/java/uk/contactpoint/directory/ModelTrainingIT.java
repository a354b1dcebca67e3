package uk.contactpoint.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.generator.SyntheticFeeds;
import uk.contactpoint.kernel.SourceCode;

/**
 * The directory starts on the bundled model and, once a feed run ends with enough records from more than one source,
 * trains its own on them; the links made after say so. Subclasses choose H2 or PostgreSQL.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "contactpoint.matching.min-training-records=10000")
abstract class ModelTrainingIT {

    static final long SEED = Long.getLong("tests.seed", 20261125L);

    @Autowired
    FeedLoader loader;

    @Autowired
    Sources sources;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LinkageReporting reporting;

    @TempDir
    Path dir;

    @Test
    void the_directory_trains_its_own_model_once_it_holds_enough_records_and_links_with_it_after() throws IOException {
        SyntheticFeeds.write(new SyntheticFeeds.Options(5_000, SEED, SyntheticFeeds.DEFAULT_AS_OF, 1.0), dir, l -> {});
        List<Sources.Source> feeds = List.of(
                new Sources.Source(new SourceCode("nhs-pds"), "Health", Sources.Kind.HEALTH),
                new Sources.Source(new SourceCode("hmrc-child-benefit"), "Benefit", Sources.Kind.BENEFIT),
                new Sources.Source(new SourceCode("dfe-school-census"), "Census", Sources.Kind.SCHOOL_CENSUS),
                new Sources.Source(new SourceCode("la-social-care"), "Social care", Sources.Kind.LOCAL_AUTHORITY));
        feeds.forEach(sources::register);

        loader.load(feeds.get(0).code(), dir.resolve("nhs-pds.csv"));
        assertThat(origins()).as("one source is nothing to learn from").containsExactly("BUNDLED");
        for (var feed : feeds.subList(1, 4)) {
            loader.load(feed.code(), dir.resolve(feed.code().value() + ".csv"));
        }

        assertThat(origins()).contains("BUNDLED", "TRAINED");
        var trained = jdbc.sql("select version, trained_on from match_model where active")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)})
                .single();
        assertThat(trained[0]).isNotEqualTo(MatchModels.bundled().version());
        assertThat((Long) trained[1]).isGreaterThanOrEqualTo(10_000L);
        assertThat(jdbc.sql("""
                        select distinct l.model_version from source_link l join source_record r on r.id = l.source_record_id
                        where r.source_code = 'la-social-care'""").query(String.class).list()).containsExactly((String) trained[0]);
        var linkage = reporting.report(dir.resolve(SyntheticFeeds.TRUTH_FILE));
        assertThat(linkage.precision()).isGreaterThanOrEqualTo(0.999);
        assertThat(linkage.recall()).isGreaterThanOrEqualTo(0.98);
        assertThat(linkage.mergedTwins()).isZero();
    }

    private List<String> origins() {
        return jdbc.sql("select origin from match_model order by created_at")
                .query(String.class)
                .list();
    }
}
