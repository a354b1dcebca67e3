package uk.contactpoint.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained Fellegi-Sunter model: for each comparison level the m-probability (the chance of that level when the
 * two records are one child) and the u-probability (the chance when they are not), the prior odds that two records
 * are one child, and term frequencies of first given names and family names. A pair's match weight is the prior plus
 * log2(m/u) for each comparison, with exact name agreements adjusted by the name's own frequency (so that two records
 * of a "Muhammad Khan" count for less than two of a rare name).
 *
 * <p>Immutable and thread-safe. Saved as versioned text ({@link #save}, {@link #load}).
 */
public final class MatchModel {

    /** The version of the saved text format; {@link #load} refuses other versions. */
    public static final int FORMAT_VERSION = 1;

    private static final double M_FLOOR = 1e-5;

    private final String version;
    private final double[][] m;
    private final double[][] u;
    private final double prior;
    private final Map<String, Double> givenFrequency;
    private final Map<String, Double> familyFrequency;
    private final double frequencyFloor;
    private final double[][] weights;
    private final double givenExactU;
    private final double familyExactU;
    final NameVariants variants;
    private final Standardiser standardiser;

    MatchModel(
            String version,
            double[][] m,
            double[][] u,
            double prior,
            Map<String, Double> givenFrequency,
            Map<String, Double> familyFrequency,
            double frequencyFloor,
            NameVariants variants) {
        this.m = copy(m);
        this.u = copy(u);
        this.prior = prior;
        this.givenFrequency = Map.copyOf(givenFrequency);
        this.familyFrequency = Map.copyOf(familyFrequency);
        this.frequencyFloor = frequencyFloor;
        this.variants = variants;
        this.standardiser = new Standardiser(variants);
        this.weights = new double[Field.COUNT][];
        for (Field f : Field.ALL) {
            int n = f.levelCount();
            if (m[f.ordinal()].length != n || u[f.ordinal()].length != n) {
                throw new IllegalArgumentException(f + " needs " + n + " levels");
            }
            weights[f.ordinal()] = new double[n];
            for (int level = 1; level < n; level++) {
                weights[f.ordinal()][level] = log2(Math.max(M_FLOOR, m[f.ordinal()][level]) / u[f.ordinal()][level]);
            }
        }
        this.givenExactU = u[Field.GIVEN_NAME.ordinal()][Field.GIVEN_EXACT];
        this.familyExactU = u[Field.FAMILY_NAME.ordinal()][Field.FAMILY_EXACT];
        this.version = version != null ? version : computeVersion();
    }

    /**
     * Trains a model from the records themselves, without labels: u-probabilities from random pairs, m-probabilities
     * and the prior by expectation maximisation over the blocked candidate pairs.
     */
    public static MatchModel train(List<LinkageRecord> records, TrainingOptions options) {
        return Training.train(records, options, NameVariants.standard());
    }

    /** The model's version: a digest of its parameters, so that two different models never share one. */
    public String version() {
        return version;
    }

    /** The prior log2 odds that two records picked at random are one child. */
    public double prior() {
        return prior;
    }

    /** The m-probability of a comparison level, for reports and tests. */
    public double m(String field, int level) {
        return m[field(field).ordinal()][level];
    }

    /** The u-probability of a comparison level, for reports and tests. */
    public double u(String field, int level) {
        return u[field(field).ordinal()][level];
    }

    /**
     * A model with fixed parameters, for scoring where no trained model is at hand (practitioner search, until a model
     * is trained on the loaded records and saved: see docs/adr/0020-search-index.md). The m- and u-probabilities are
     * rounded from what training learns on generated data (seed 2, 100,000 children); there are no term-frequency
     * tables, so an exact name counts the same whatever the name.
     */
    public static MatchModel reference() {
        double[][] m = new double[Field.COUNT][];
        double[][] u = new double[Field.COUNT][];
        m[Field.GIVEN_NAME.ordinal()] =
                new double[] {0, 0.23, 0.69, 0.003, 0.005, 0.045, 0.012, 0.011, 1e-5, 1e-5, 2e-4};
        u[Field.GIVEN_NAME.ordinal()] =
                new double[] {0, 5e-5, 0.0099, 0.0013, 0.0078, 0.005, 0.0038, 0.0014, 1e-5, 2e-4, 0.97};
        m[Field.FAMILY_NAME.ordinal()] = new double[] {0, 0.96, 0.0067, 0.006, 0.01, 0.008, 1e-5, 1e-5, 0.008};
        u[Field.FAMILY_NAME.ordinal()] = new double[] {0, 0.037, 0.0027, 0.0005, 0.001, 0.0005, 5e-5, 3e-4, 0.958};
        m[Field.DATE_OF_BIRTH.ordinal()] = new double[] {0, 0.986, 0.004, 0.0077, 0.0018, 1e-5, 1e-5};
        u[Field.DATE_OF_BIRTH.ordinal()] = new double[] {0, 1.7e-4, 6.5e-5, 3.3e-4, 3.1e-4, 0.0046, 0.9945};
        m[Field.ADDRESS.ordinal()] = new double[] {0, 0.958, 1e-5, 1e-5, 0.0018, 0.02, 0.019};
        u[Field.ADDRESS.ordinal()] = new double[] {0, 1.7e-5, 1e-6, 5e-6, 5.5e-4, 0.0049, 0.9945};
        m[Field.GENDER.ordinal()] = new double[] {0, 0.9999, 1e-4};
        u[Field.GENDER.ordinal()] = new double[] {0, 0.5, 0.5};
        m[Field.NHS_NUMBER.ordinal()] = new double[] {0, 0.9999, 1e-5};
        u[Field.NHS_NUMBER.ordinal()] = new double[] {0, 3.5e-6, 0.9999965};
        m[Field.UPN.ordinal()] = new double[] {0, 0.9999, 1e-5};
        u[Field.UPN.ordinal()] = new double[] {0, 5.8e-6, 0.9999942};
        return new MatchModel(null, m, u, -17.0, Map.of(), Map.of(), 4e-6, NameVariants.standard());
    }

    /**
     * One record prepared once, to be scored against many: search scores a practitioner's criteria against each hit.
     * Thread-safe.
     */
    public Probe probe(LinkageRecord record) {
        return new Probe(standardiser.prepare(record));
    }

    /** A record prepared for scoring against many others with this model's comparisons and weights. */
    public final class Probe {
        private final Prepared prepared;

        private Probe(Prepared prepared) {
            this.prepared = prepared;
        }

        /** The match weight of the candidate against this record: the same comparisons and weights as linkage. */
        public double weight(LinkageRecord candidate) {
            return MatchModel.this.weight(prepared, standardiser.prepare(candidate));
        }

        /** What a record agreeing on every field this one has would score: the weight of this record against itself. */
        public double best() {
            return MatchModel.this.weight(prepared, prepared);
        }
    }

    /** Scores a pair of records, with the waterfall of contributions. */
    public PairScore score(LinkageRecord a, LinkageRecord b) {
        Prepared pa = standardiser.prepare(a);
        Prepared pb = standardiser.prepare(b);
        return explain(pa, pb, Comparisons.compare(pa, pb));
    }

    Standardiser standardiser() {
        return standardiser;
    }

    double weight(Prepared a, Prepared b) {
        return weight(Comparisons.compare(a, b), a, b);
    }

    double weight(int packed, Prepared a, Prepared b) {
        double w = prior;
        for (int f = 0; f < Field.COUNT; f++) {
            w += weights[f][(packed >>> (f * Field.BITS)) & 0xF];
        }
        int givenLevel = Field.GIVEN_NAME.of(packed);
        if (givenLevel == Field.GIVEN_EXACT || givenLevel == Field.GIVEN_EXACT_MIDDLE_DIFFERS) {
            w += givenAdjustment(a.first);
        }
        if (Field.FAMILY_NAME.of(packed) == Field.FAMILY_EXACT) {
            w += familyAdjustment(a.family);
        }
        return w;
    }

    PairScore explain(Prepared a, Prepared b) {
        return explain(a, b, Comparisons.compare(a, b));
    }

    PairScore explain(Prepared a, Prepared b, int packed) {
        List<Contribution> out = new ArrayList<>(Field.COUNT + 3);
        out.add(new Contribution("prior", "odds that two records are one child", prior));
        for (Field f : Field.ALL) {
            int level = f.of(packed);
            out.add(new Contribution(f.label, f.levels.get(level), weights[f.ordinal()][level]));
            if ((level == Field.GIVEN_EXACT || level == Field.GIVEN_EXACT_MIDDLE_DIFFERS) && f == Field.GIVEN_NAME) {
                out.add(new Contribution("given name frequency", a.first, givenAdjustment(a.first)));
            }
            if (level == Field.FAMILY_EXACT && f == Field.FAMILY_NAME) {
                out.add(new Contribution("family name frequency", a.family, familyAdjustment(a.family)));
            }
        }
        double total = out.stream().mapToDouble(Contribution::weight).sum();
        return new PairScore(a.key, b.key, total, out);
    }

    /** Term-frequency adjustment: replaces the average u of an exact match with this name's own frequency. */
    private double givenAdjustment(String name) {
        if (givenFrequency.isEmpty()) {
            return 0; // no table (the reference model): every name counts as average
        }
        return log2(givenExactU / Math.max(frequencyFloor, givenFrequency.getOrDefault(name, frequencyFloor)));
    }

    private double familyAdjustment(String name) {
        if (familyFrequency.isEmpty()) {
            return 0;
        }
        return log2(familyExactU / Math.max(frequencyFloor, familyFrequency.getOrDefault(name, frequencyFloor)));
    }

    /** Writes the model as versioned text: one {@code name=value} a line, doubles written so they read back exactly. */
    public void save(Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        out.println("# ContactPoint Fellegi-Sunter matching model");
        out.println("format=" + FORMAT_VERSION);
        out.println("model.version=" + version);
        out.println("prior=" + prior);
        out.println("tf.floor=" + frequencyFloor);
        for (Field f : Field.ALL) {
            out.println("m." + f.name() + "=" + join(m[f.ordinal()]));
            out.println("u." + f.name() + "=" + join(u[f.ordinal()]));
        }
        new TreeMap<>(givenFrequency).forEach((k, v) -> out.println("tf.given." + k + "=" + v));
        new TreeMap<>(familyFrequency).forEach((k, v) -> out.println("tf.family." + k + "=" + v));
        out.flush();
        if (out.checkError()) {
            throw new UncheckedIOException(new IOException("the model could not be written"));
        }
    }

    /** Reads a model written by {@link #save}; refuses another format version. */
    public static MatchModel load(Reader reader) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        Map<String, String> values = new HashMap<>();
        Map<String, Double> given = new HashMap<>();
        Map<String, Double> family = new HashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IOException("not a model line: " + line);
            }
            String name = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (name.startsWith("tf.given.")) {
                given.put(name.substring(9), Double.parseDouble(value));
            } else if (name.startsWith("tf.family.")) {
                family.put(name.substring(10), Double.parseDouble(value));
            } else {
                values.put(name, value);
            }
        }
        if (!String.valueOf(FORMAT_VERSION).equals(values.get("format"))) {
            throw new IOException("model format " + values.get("format") + " is not " + FORMAT_VERSION);
        }
        for (String required : List.of("model.version", "prior", "tf.floor")) {
            if (values.get(required) == null) {
                throw new IOException("the model has no " + required);
            }
        }
        double[][] m = new double[Field.COUNT][];
        double[][] u = new double[Field.COUNT][];
        for (Field f : Field.ALL) {
            m[f.ordinal()] = parse(values.get("m." + f.name()), "m." + f.name());
            u[f.ordinal()] = parse(values.get("u." + f.name()), "u." + f.name());
        }
        return new MatchModel(
                values.get("model.version"),
                m,
                u,
                Double.parseDouble(values.get("prior")),
                given,
                family,
                Double.parseDouble(values.get("tf.floor")),
                NameVariants.standard());
    }

    /** A readable table of the model's levels, m, u and weights. */
    public void print(PrintWriter out) {
        out.printf("Model %s (format %d), prior %.2f bits%n", version, FORMAT_VERSION, prior);
        for (Field f : Field.ALL) {
            for (int level = 1; level < f.levelCount(); level++) {
                out.printf(
                        Locale.ROOT,
                        "  %-14s %-30s m=%.6f u=%.8f weight=%+7.2f%n",
                        f.label,
                        f.levels.get(level),
                        m[f.ordinal()][level],
                        u[f.ordinal()][level],
                        weights[f.ordinal()][level]);
            }
        }
        out.flush();
    }

    private String computeVersion() {
        StringBuilder text = new StringBuilder().append(prior).append(frequencyFloor);
        for (int f = 0; f < Field.COUNT; f++) {
            text.append(join(m[f])).append(join(u[f]));
        }
        long h = Hashing.of(0, text.toString());
        h = h * 31 + new TreeMap<>(givenFrequency).hashCode();
        h = h * 31 + new TreeMap<>(familyFrequency).hashCode();
        return "fs" + FORMAT_VERSION + "-" + String.format("%016x", h);
    }

    private static Field field(String name) {
        for (Field f : Field.ALL) {
            if (f.name().equalsIgnoreCase(name) || f.label.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no comparison named " + name);
    }

    private static String join(double[] values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(values[i]);
        }
        return out.toString();
    }

    private static double[] parse(String text, String name) throws IOException {
        if (text == null) {
            throw new IOException("the model has no " + name);
        }
        String[] parts = text.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }

    private static double[][] copy(double[][] values) {
        double[][] out = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].clone();
        }
        return out;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
