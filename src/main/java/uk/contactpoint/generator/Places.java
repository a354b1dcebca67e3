package uk.contactpoint.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** The local authorities children live in, their postcode districts and communities (data: places.txt). */
final class Places {

    record Authority(String code, String name, String town, String[] districts, Weighted<String> communities) {}

    private static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

    final Weighted<Authority> authorities;
    private final String[] streets;
    private final String[] suffixes;

    Places() {
        List<Authority> list = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (String line : DataFiles.lines("places.txt")) {
            String[] p = line.split("\\|");
            List<String> communities = new ArrayList<>();
            List<Double> shares = new ArrayList<>();
            double rest = 100;
            for (String share : p[5].trim().split("\\s+")) {
                String[] kv = share.split(":");
                communities.add(kv[0]);
                shares.add(Double.parseDouble(kv[1]));
                rest -= Double.parseDouble(kv[1]);
            }
            communities.add("british");
            shares.add(rest);
            list.add(new Authority(
                    p[0],
                    p[1],
                    p[2],
                    p[4].trim().split("\\s+"),
                    new Weighted<>(
                            communities, shares.stream().mapToDouble(d -> d).toArray())));
            weights.add(Double.parseDouble(p[3]));
        }
        authorities = new Weighted<>(list, weights.stream().mapToDouble(d -> d).toArray());
        List<String> streetLines = DataFiles.lines("streets.txt");
        streets = streetLines.get(0).trim().split("\\s+");
        suffixes = streetLines.get(1).substring(1).trim().split("\\s+");
    }

    String street(RandomGenerator random) {
        return streets[random.nextInt(streets.length)] + " " + suffixes[random.nextInt(suffixes.length)];
    }

    /** A postcode in the district, valid in form: district, sector digit, two inward letters. */
    static String postcode(String district, RandomGenerator random) {
        return district + " " + random.nextInt(10) + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()))
                + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()));
    }
}
