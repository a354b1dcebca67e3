package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.junit.jupiter.api.Test;

class StringsTest {

    @Test
    void one_substitution_insertion_deletion_or_transposition_is_within_one_edit() {
        assertThat(Strings.withinEdits("OLIVER", "OLIVER", 1)).isTrue();
        assertThat(Strings.withinEdits("OLIVER", "OLIVAR", 1)).isTrue();
        assertThat(Strings.withinEdits("OLIVER", "OLLIVER", 1)).isTrue();
        assertThat(Strings.withinEdits("OLIVER", "OLVER", 1)).isTrue();
        assertThat(Strings.withinEdits("OLIVER", "OILVER", 1)).isTrue();
        assertThat(Strings.withinEdits("OLIVER", "OLIEVR", 1)).isTrue();
    }

    @Test
    void two_slips_are_not_within_one_edit_but_are_within_two() {
        assertThat(Strings.withinEdits("OLIVER", "OIVLER", 1)).isFalse();
        assertThat(Strings.withinEdits("OLIVER", "OLIVERSS", 1)).isFalse();
        assertThat(Strings.withinEdits("OLIVER", "OILVRE", 1)).isFalse();
        assertThat(Strings.withinEdits("OLIVER", "OILVRE", 2)).isTrue();
        assertThat(Strings.withinEdits("ELLA", "ISLA", 1)).isFalse();
    }

    @Test
    void the_bounded_distance_agrees_with_a_plain_optimal_string_alignment() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        var random = new SplittableRandom(seed);
        for (int n = 0; n < 20_000; n++) {
            String a = word(random);
            String b = random.nextInt(3) == 0 ? word(random) : mutate(a, random);
            int expected = osa(a, b);
            assertThat(Strings.distance(a, b, 3))
                    .as("%s / %s (replay with -Dtests.seed=%d)", a, b, seed)
                    .isEqualTo(Math.min(expected, 3));
            assertThat(Strings.withinEdits(a, b, 1))
                    .as("%s / %s (replay with -Dtests.seed=%d)", a, b, seed)
                    .isEqualTo(expected <= 1);
        }
    }

    @Test
    void jaro_winkler_agrees_with_commons_text() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        var random = new SplittableRandom(seed);
        var reference = new JaroWinklerSimilarity();
        for (int n = 0; n < 20_000; n++) {
            String a = word(random);
            String b = random.nextBoolean() ? word(random) : mutate(a, random);
            assertThat(Strings.jaroWinkler(a, b))
                    .as("%s / %s (replay with -Dtests.seed=%d)", a, b, seed)
                    .isCloseTo(reference.apply(a, b), within(1e-12));
        }
        assertThat(Strings.jaroWinkler("MARTHA", "MARHTA")).isCloseTo(0.9611, within(1e-4));
    }

    private static String word(SplittableRandom random) {
        int length = 1 + random.nextInt(9);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('A' + random.nextInt(6)));
        }
        return out.toString();
    }

    private static String mutate(String s, SplittableRandom random) {
        StringBuilder out = new StringBuilder(s);
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits && !out.isEmpty(); e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, (char) ('A' + random.nextInt(6)));
                case 2 -> out.setCharAt(at, (char) ('A' + random.nextInt(6)));
                default -> {
                    if (at + 1 < out.length()) {
                        char c = out.charAt(at);
                        out.setCharAt(at, out.charAt(at + 1));
                        out.setCharAt(at + 1, c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The textbook optimal string alignment distance, unbounded, as the reference. */
    private static int osa(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
