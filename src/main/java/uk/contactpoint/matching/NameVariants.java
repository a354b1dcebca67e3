package uk.contactpoint.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Given names that people use for one another (Alfie for Alfred, Muhammad for Mohammed, Zoe for Zoë), read from the
 * data file {@code matching/name-variants.csv}. A name may sit in several groups (Harry is both Henry and Harold).
 */
public final class NameVariants {

    private final Map<String, Set<String>> variantsByKey;

    private NameVariants(Map<String, Set<String>> variantsByKey) {
        this.variantsByKey = variantsByKey;
    }

    /** The project's own table. */
    public static NameVariants standard() {
        try (InputStream in = NameVariants.class.getResourceAsStream("/matching/name-variants.csv")) {
            if (in == null) {
                throw new IllegalStateException("matching/name-variants.csv is missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NameVariants parse(InputStream in) throws IOException {
        Map<String, Set<String>> byKey = new HashMap<>();
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> group = new ArrayList<>();
            for (String name : line.split(",")) {
                if (name.isBlank()) {
                    throw new IllegalArgumentException("name-variants.csv line " + number + ": an empty name");
                }
                group.add(name.strip());
            }
            if (group.size() < 2) {
                throw new IllegalArgumentException("name-variants.csv line " + number + ": a group needs two names");
            }
            for (String name : group) {
                Set<String> variants = byKey.computeIfAbsent(key(name), k -> new LinkedHashSet<>());
                group.stream().filter(other -> !other.equals(name)).forEach(variants::add);
            }
        }
        return new NameVariants(Map.copyOf(byKey));
    }

    /** The names that stand in for this one, as written in the table; empty when it has none. */
    public List<String> variantsOf(String name) {
        return List.copyOf(variantsByKey.getOrDefault(key(name), Set.of()));
    }

    /** Whether two given names are variants of one another (or the same name once case and accents are folded). */
    public boolean areVariants(String a, String b) {
        String ka = key(a);
        String kb = key(b);
        return ka.equals(kb)
                || variantsByKey.getOrDefault(ka, Set.of()).stream().anyMatch(v -> key(v).equals(kb));
    }

    /** Case and accents folded: Zoë and ZOE share a key. */
    static String key(String name) {
        return Standardise.foldAccents(name.strip()).toLowerCase(Locale.ROOT);
    }
}
