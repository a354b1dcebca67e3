package uk.contactpoint.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The primitive map answers as a HashMap would, through growth and replaced values. */
class LongLongMapProperties {

    @Property
    void answersAsAHashMapWould(
            @ForAll @Size(max = 3_000) List<@LongRange(min = 1, max = 5_000) Long> keys,
            @ForAll @Size(max = 50) List<@LongRange(min = -10, max = 6_000) Long> probes) {
        LongLongMap map = new LongLongMap();
        Map<Long, Long> expected = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i), i * 7L - 3);
            expected.put(keys.get(i), i * 7L - 3);
        }

        assertThat(map.size()).isEqualTo(expected.size());
        for (long key : keys) {
            assertThat(map.get(key, Long.MIN_VALUE)).isEqualTo(expected.get(key));
        }
        for (long probe : probes) {
            assertThat(map.get(probe, Long.MIN_VALUE)).isEqualTo(expected.getOrDefault(probe, Long.MIN_VALUE));
        }
    }

    @Example
    void aKeyThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new LongLongMap().put(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
