package uk.contactpoint.generator;

import java.util.List;
import java.util.random.RandomGenerator;

/** A list of items to draw from in proportion to their weights. */
final class Weighted<T> {
    private final List<T> items;
    private final double[] cumulative;

    Weighted(List<T> items, double[] weights) {
        if (items.isEmpty() || items.size() != weights.length) {
            throw new IllegalArgumentException("one weight per item, and at least one item");
        }
        this.items = List.copyOf(items);
        this.cumulative = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            cumulative[i] = total;
        }
    }

    T draw(RandomGenerator random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < target) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return items.get(low);
    }

    List<T> items() {
        return items;
    }
}
