package uk.contactpoint.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongSetTest {

    @Test
    void it_agrees_with_a_hash_set_on_random_values_including_zero() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        var random = new SplittableRandom(seed);
        var expected = new HashSet<Long>();
        var actual = new LongSet();
        for (int i = 0; i < 200_000; i++) {
            long value = random.nextInt(5) == 0 ? random.nextLong(1_000) : random.nextLong();
            assertThat(actual.add(value))
                    .as("value %d (replay with -Dtests.seed=%d)", value, seed)
                    .isEqualTo(expected.add(value));
        }
    }
}
