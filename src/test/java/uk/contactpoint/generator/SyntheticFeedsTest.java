package uk.contactpoint.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.contactpoint.feeds.FeedReader;
import uk.contactpoint.feeds.FeedRow;
import uk.contactpoint.matching.NameVariants;
import uk.contactpoint.matching.Standardise;

class SyntheticFeedsTest {

    static final int CHILDREN = 20_000;
    static final LocalDate AS_OF = SyntheticFeeds.DEFAULT_AS_OF;

    @TempDir
    static Path out;

    static final Map<String, List<FeedRow>> rowsBySource = new HashMap<>();
    static final Map<String, String> truth = new HashMap<>();

    @BeforeAll
    static void generate() throws IOException {
        SyntheticFeeds.write(new SyntheticFeeds.Options(CHILDREN, 42, AS_OF, 1.0), out, line -> {});
        for (String file : SyntheticFeeds.feedFileNames()) {
            List<FeedRow> rows = new ArrayList<>();
            try (InputStream in = Files.newInputStream(out.resolve(file));
                    var reader = FeedReader.open(in, LocalDate.now())) {
                for (var result : reader) {
                    assertThat(result)
                            .as("%s line %d: %s", file, result.line(), result)
                            .isInstanceOf(FeedReader.Accepted.class);
                    rows.add(((FeedReader.Accepted) result).row());
                }
            }
            rowsBySource.put(file.replace(".csv", ""), rows);
        }
        List<String> lines = Files.readAllLines(out.resolve(SyntheticFeeds.TRUTH_FILE));
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(",");
            truth.put(parts[0] + "/" + parts[1], parts[2]);
        }
    }

    @Test
    void every_row_of_every_feed_passes_the_feed_validator_and_the_four_feeds_hold_about_27_records_a_child() {
        long total = rowsBySource.values().stream().mapToLong(List::size).sum();
        assertThat(rowsBySource)
                .containsOnlyKeys("nhs-pds", "hmrc-child-benefit", "dfe-school-census", "la-social-care");
        assertThat(total).isBetween((long) (CHILDREN * 2.4), (long) (CHILDREN * 2.9));
    }

    @Test
    void the_truth_file_names_the_child_of_every_record_exactly_once() {
        long records = rowsBySource.values().stream().mapToLong(List::size).sum();
        assertThat(truth).hasSize((int) records);
        rowsBySource.forEach(
                (source, rows) -> rows.forEach(row -> assertThat(truth).containsKey(source + "/" + row.recordId())));
        assertThat(new HashSet<>(truth.values()).size()).isBetween((int) (CHILDREN * 0.97), CHILDREN);
    }

    @Test
    void the_same_seed_writes_the_same_bytes_and_another_seed_does_not(@TempDir Path again, @TempDir Path other)
            throws IOException {
        SyntheticFeeds.write(new SyntheticFeeds.Options(CHILDREN, 42, AS_OF, 1.0), again, line -> {});
        SyntheticFeeds.write(new SyntheticFeeds.Options(CHILDREN, 43, AS_OF, 1.0), other, line -> {});
        for (String file : SyntheticFeeds.feedFileNames()) {
            assertThat(Files.mismatch(out.resolve(file), again.resolve(file)))
                    .as(file)
                    .isEqualTo(-1L);
            assertThat(Files.mismatch(out.resolve(file), other.resolve(file)))
                    .as(file)
                    .isNotEqualTo(-1L);
        }
    }

    @Test
    void rows_are_shuffled_so_that_file_order_reveals_nothing() {
        List<FeedRow> rows = rowsBySource.get("nhs-pds");
        List<String> children =
                rows.stream().map(r -> truth.get("nhs-pds/" + r.recordId())).toList();
        long ascending = 0;
        for (int i = 1; i < children.size(); i++) {
            if (children.get(i).compareTo(children.get(i - 1)) > 0) {
                ascending++;
            }
        }
        // A random order rises about half the time; a sorted or family-grouped file would rise nearly always.
        assertThat((double) ascending / children.size()).isBetween(0.45, 0.55);
    }

    @Test
    void schools_only_know_children_of_four_and_over_and_child_benefit_never_sends_an_nhs_number() {
        assertThat(rowsBySource.get("dfe-school-census"))
                .allSatisfy(row -> assertThat(row.dateOfBirth())
                        .isBeforeOrEqualTo(AS_OF.minusYears(4).plusDays(1)))
                .allSatisfy(row -> assertThat(row.upn()).isPresent());
        assertThat(rowsBySource.get("hmrc-child-benefit"))
                .allSatisfy(row -> assertThat(row.nhsNumber()).isEmpty());
        assertThat(rowsBySource.get("nhs-pds"))
                .allSatisfy(row -> assertThat(row.nhsNumber()).isPresent());
    }

    @Test
    void about_three_percent_of_children_are_twins_sharing_birth_date_family_name_and_address() {
        Map<String, Set<String>> byHousehold = new HashMap<>();
        for (FeedRow row : rowsBySource.get("nhs-pds")) {
            if (row.address().postcode().isEmpty()) {
                continue;
            }
            String key = Standardise.nameKey(row.familyName())
                    + row.dateOfBirth()
                    + row.address().line1()
                    + row.address().postcode().get();
            byHousehold.computeIfAbsent(key, k -> new HashSet<>()).add(truth.get("nhs-pds/" + row.recordId()));
        }
        long twins = byHousehold.values().stream()
                .filter(s -> s.size() > 1)
                .mapToLong(Set::size)
                .sum();
        double share = (double) twins / rowsBySource.get("nhs-pds").size();
        assertThat(share).isBetween(0.015, 0.045);
    }

    @Test
    void names_carry_englands_communities_and_the_mistakes_sources_make() {
        List<FeedRow> all = rowsBySource.values().stream().flatMap(List::stream).toList();
        Set<String> families = new HashSet<>();
        all.forEach(r -> families.add(Standardise.nameKey(r.familyName())));
        assertThat(families).contains("KHAN", "PATEL", "NOWAK", "OKAFOR", "MENSAH", "SMITH", "OBRIEN");

        long upperCase = all.stream()
                .filter(r -> r.familyName().equals(r.familyName().toUpperCase())
                        && r.familyName().length() > 3)
                .count();
        long apostropheDropped = all.stream()
                .filter(r -> r.familyName().matches("(?i)O ?BRIEN|O ?CONNOR|O ?NEILL"))
                .count();
        long apostropheKept = all.stream()
                .filter(r -> r.familyName().matches("(?i)O'(BRIEN|CONNOR|NEILL)"))
                .count();
        long hyphenated = all.stream().filter(r -> r.familyName().contains("-")).count();
        long formerNames =
                all.stream().filter(r -> !r.formerFamilyNames().isEmpty()).count();
        assertThat(upperCase).isGreaterThan(all.size() / 20);
        assertThat(apostropheDropped).isPositive();
        assertThat(apostropheKept).isGreaterThan(apostropheDropped);
        assertThat(hyphenated).isPositive();
        assertThat(formerNames).isPositive();
    }

    @Test
    void a_child_is_sometimes_known_by_a_variant_of_the_name_another_source_holds() {
        NameVariants variants = NameVariants.standard();
        Map<String, List<String>> firstNamesByChild = new HashMap<>();
        rowsBySource.forEach((source, rows) -> rows.forEach(row -> firstNamesByChild
                .computeIfAbsent(truth.get(source + "/" + row.recordId()), k -> new ArrayList<>())
                .add(Standardise.firstGivenName(row.givenNames()))));
        long withVariants = firstNamesByChild.values().stream()
                .filter(names -> names.stream()
                        .anyMatch(a -> names.stream()
                                .anyMatch(b -> !Standardise.nameKey(a).equals(Standardise.nameKey(b))
                                        && variants.areVariants(a, b))))
                .count();
        assertThat(withVariants).isGreaterThan(CHILDREN / 200);
    }

    @Test
    void the_truth_file_has_its_header() throws IOException {
        String first = Files.readAllLines(out.resolve(SyntheticFeeds.TRUTH_FILE), StandardCharsets.UTF_8)
                .getFirst();
        assertThat(first).isEqualTo("source,record_id,child");
    }
}
