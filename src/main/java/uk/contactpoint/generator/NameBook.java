package uk.contactpoint.generator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Given and family names by community, drawn with England's long-tailed frequencies (data: names.txt). */
final class NameBook {
    private final Map<String, Weighted<String>> lists = new HashMap<>();

    NameBook() {
        for (String line : DataFiles.lines("names.txt")) {
            String[] parts = line.split("\\|");
            if (parts.length != 3) {
                throw new IllegalStateException("names.txt: expected community|sex|names in: " + line);
            }
            List<String> names = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            int rank = 0;
            for (String token : parts[2].trim().split("\\s+")) {
                rank++;
                String[] nameAndFactor = token.split("\\*");
                double factor = nameAndFactor.length > 1 ? Double.parseDouble(nameAndFactor[1]) : 1.0;
                names.add(nameAndFactor[0].replace('_', ' '));
                weights.add(factor / Math.pow(rank, 0.85));
            }
            lists.put(
                    key(parts[0], parts[1]),
                    new Weighted<>(names, weights.stream().mapToDouble(d -> d).toArray()));
        }
    }

    Weighted<String> given(String community, boolean male) {
        return list(community, male ? "M" : "F");
    }

    Weighted<String> family(String community) {
        return list(community, "family");
    }

    private Weighted<String> list(String community, String kind) {
        Weighted<String> list = lists.get(key(community, kind));
        if (list == null) {
            throw new IllegalStateException("names.txt has no " + kind + " names for " + community);
        }
        return list;
    }

    private static String key(String community, String kind) {
        return community + "|" + kind;
    }
}
