package uk.contactpoint.matching;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Trains a {@link MatchModel} from unlabelled records, as Splink does: u-probabilities from a seeded sample of random
 * pairs (almost all of which are different children), then m-probabilities and the share of matches by expectation
 * maximisation over the blocked candidate pairs, with u held fixed. Pairs that a hard constraint forbids (one source,
 * two NHS numbers, twins) are known non-matches and take no part in estimating m. See
 * docs/adr/0015-blocking-and-em.md.
 */
final class Training {
    private static final int SAMPLE_CHUNK = 100_000;
    private static final int MIN_IDENTIFIER_PAIRS = 200;

    private Training() {}

    static MatchModel train(List<LinkageRecord> records, TrainingOptions options, NameVariants variants) {
        Standardiser standardiser = new Standardiser(variants);
        Prepared[] prepared =
                records.parallelStream().map(standardiser::prepare).toArray(Prepared[]::new);
        long[] pairs = Blocker.pairs(prepared, BlockingRule.ALL, options.maxBlockSize())
                .pairs();
        return train(prepared, pairs, options, variants);
    }

    /**
     * Two EM sessions, as Splink trains: one over pairs born on the same day (which learns the name, address and
     * identifier levels; the date of birth is ignored because every pair agrees on it), one over pairs with the same
     * first given and family name (which learns the date-of-birth levels). Each field's m comes from the sessions
     * that did not block on it. The candidate pairs themselves are not used: their blocking conditions them on
     * several fields at once, which pulls EM towards "same household" instead of "same child".
     */
    static MatchModel train(Prepared[] records, long[] candidatePairs, TrainingOptions options, NameVariants variants) {
        if (records.length < 2) {
            throw new IllegalArgumentException("training needs at least two records");
        }
        double[][] u = estimateU(records, options.seed(), options.randomPairs());
        int dobMask = Field.DATE_OF_BIRTH.pack(0xF);
        int namesMask = Field.GIVEN_NAME.pack(0xF) | Field.FAMILY_NAME.pack(0xF);
        Session byDob = session(records, p -> p.hasDob() ? Hashing.of(10, p.dobEpochDay, 0) : 0, options);
        Em dobEm = expectationMaximisation(records, byDob.pairs, u, options.maxIterations(), dobMask);
        // Dates of birth are learnt from pairs that share an NHS number or a UPN: nearly all one child, whatever their
        // names. Blocking on names instead would count siblings who share a name and an address as matches.
        int idMask = Field.NHS_NUMBER.pack(0xF) | Field.UPN.pack(0xF);
        Session byIdentifier = session(records, p -> p.nhs != null ? Hashing.of(12, p.nhs) : 0, options)
                .plus(session(records, p -> p.upn != null ? Hashing.of(13, p.upn) : 0, options));
        Em nameEm;
        if (byIdentifier.pairs.length >= MIN_IDENTIFIER_PAIRS) {
            nameEm = expectationMaximisation(records, byIdentifier.pairs, u, options.maxIterations(), idMask);
        } else {
            // Too few shared identifiers to learn from: fall back to pairs with the same names.
            Session byName = session(
                    records,
                    p -> p.first == null || p.family == null ? 0 : Hashing.of(11, 0, Hashing.of(p.first, p.family)),
                    options);
            nameEm = expectationMaximisation(records, byName.pairs, u, options.maxIterations(), namesMask);
        }
        double[][] m = new double[Field.COUNT][];
        for (Field f : Field.ALL) {
            m[f.ordinal()] = switch (f) {
                // Each field from the sessions that estimated it: not from one that blocked on it or ignored it.
                case GIVEN_NAME, FAMILY_NAME, NHS_NUMBER, UPN -> dobEm.m[f.ordinal()].clone();
                case DATE_OF_BIRTH -> nameEm.m[f.ordinal()].clone();
                default -> average(dobEm.m[f.ordinal()], nameEm.m[f.ordinal()]);
            };
        }
        // Matches born on the same day, scaled up by the share of matches that agree on the date: all the matches.
        double sameDayMatches = dobEm.lambda * byDob.totalPairs;
        double matches =
                Math.max(1.0, sameDayMatches / Math.max(1e-3, m[Field.DATE_OF_BIRTH.ordinal()][Field.DOB_EXACT]));
        double allPairs = (double) records.length * (records.length - 1) / 2;
        double lambdaAll = Math.min(0.5, matches / allPairs);
        double prior = MatchModel.log2(lambdaAll / (1 - lambdaAll));
        Map<String, Double> given = frequencies(records, true);
        Map<String, Double> family = frequencies(records, false);
        return new MatchModel(null, m, u, prior, given, family, 1.0 / records.length, variants);
    }

    private static double[] average(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] + b[i]) / 2;
        }
        return out;
    }

    /** The training pairs of one session: pairs sharing a key, sampled down to at most a few million. */
    record Session(long[] pairs, long totalPairs) {
        Session plus(Session other) {
            long[] both = java.util.Arrays.copyOf(pairs, pairs.length + other.pairs.length);
            System.arraycopy(other.pairs, 0, both, pairs.length, other.pairs.length);
            return new Session(both, totalPairs + other.totalPairs);
        }
    }

    static Session session(Prepared[] records, java.util.function.ToLongFunction<Prepared> key, TrainingOptions o) {
        long[] sorted = new long[records.length];
        int n = 0;
        for (int i = 0; i < records.length; i++) {
            long k = key.applyAsLong(records[i]);
            if (k != 0) {
                sorted[n++] = (k << Blocker.INDEX_BITS) | i;
            }
        }
        sorted = java.util.Arrays.copyOf(sorted, n);
        java.util.Arrays.parallelSort(sorted);
        long mask = (1L << Blocker.INDEX_BITS) - 1;
        long total = 0;
        for (int start = 0, end; start < n; start = end) {
            end = start + 1;
            while (end < n && (sorted[end] >>> Blocker.INDEX_BITS) == (sorted[start] >>> Blocker.INDEX_BITS)) {
                end++;
            }
            total += (long) (end - start) * (end - start - 1) / 2;
        }
        // Keep each pair with the same probability, decided by a hash of the pair and the seed: repeatable.
        double keep = Math.min(1.0, (double) o.trainingPairs() / Math.max(1, total));
        long threshold = keep >= 1.0 ? Long.MAX_VALUE : (long) (keep * Long.MAX_VALUE);
        LongList pairs = new LongList((int) Math.min(o.trainingPairs() + 1024L, total + 16));
        for (int start = 0, end; start < n; start = end) {
            end = start + 1;
            while (end < n && (sorted[end] >>> Blocker.INDEX_BITS) == (sorted[start] >>> Blocker.INDEX_BITS)) {
                end++;
            }
            for (int x = start; x < end; x++) {
                int a = (int) (sorted[x] & mask);
                for (int y = x + 1; y < end; y++) {
                    int b = (int) (sorted[y] & mask);
                    long pair = Blocker.pair(a, b);
                    if (keep >= 1.0 || (Hashing.mix(pair ^ o.seed() * 0x9E3779B97F4A7C15L) >>> 1) < threshold) {
                        pairs.add(pair);
                    }
                }
            }
        }
        return new Session(pairs.toArray(), total);
    }

    /** u: how often each level occurs among random pairs; a level never seen gets one count, so no weight is infinite. */
    static double[][] estimateU(Prepared[] records, long seed, int samples) {
        int chunks = (samples + SAMPLE_CHUNK - 1) / SAMPLE_CHUNK;
        long[][] counts = IntStream.range(0, chunks)
                .parallel()
                .mapToObj(c -> {
                    // One stream per chunk, derived from the seed alone: the same counts whatever the core count.
                    var random = new SplittableRandom(Hashing.mix(seed * 1_000_003L + c));
                    long[] local = new long[Field.COUNT * 16];
                    int n = Math.min(SAMPLE_CHUNK, samples - c * SAMPLE_CHUNK);
                    for (int s = 0; s < n; s++) {
                        int i = random.nextInt(records.length);
                        int j = random.nextInt(records.length - 1);
                        if (j >= i) {
                            j++;
                        }
                        int packed = Comparisons.compare(records[i], records[j]);
                        for (int f = 0; f < Field.COUNT; f++) {
                            local[f * 16 + ((packed >>> (f * Field.BITS)) & 0xF)]++;
                        }
                    }
                    return local;
                })
                .toList()
                .toArray(new long[0][]);
        double[][] u = new double[Field.COUNT][];
        for (Field f : Field.ALL) {
            int levels = f.levelCount();
            u[f.ordinal()] = new double[levels];
            long total = 0;
            for (int level = 1; level < levels; level++) {
                for (long[] c : counts) {
                    total += c[f.ordinal() * 16 + level];
                }
            }
            for (int level = 1; level < levels; level++) {
                long n = 0;
                for (long[] c : counts) {
                    n += c[f.ordinal() * 16 + level];
                }
                u[f.ordinal()][level] = (n + 1.0) / (total + levels - 1.0);
            }
        }
        return u;
    }

    record Em(double[][] m, double lambda, int iterations) {}

    static Em expectationMaximisation(
            Prepared[] records, long[] pairs, double[][] u, int maxIterations, int ignoredFields) {
        Map<Integer, long[]> patterns = patterns(records, pairs, ~ignoredFields);
        int size = patterns.size();
        int[] vector = new int[size];
        long[] free = new long[size];
        int at = 0;
        for (var e : patterns.entrySet()) {
            vector[at] = e.getKey();
            free[at] = e.getValue()[0];
            at++;
        }
        double[][] logU = new double[Field.COUNT][];
        double[][] m = new double[Field.COUNT][];
        for (Field f : Field.ALL) {
            int levels = f.levelCount();
            logU[f.ordinal()] = new double[levels];
            m[f.ordinal()] = new double[levels];
            for (int level = 1; level < levels; level++) {
                logU[f.ordinal()][level] = Math.log(u[f.ordinal()][level]);
                // Start by believing that matches mostly agree exactly and seldom disagree outright, so that EM
                // settles on "same child" rather than "same household" or "same name".
                m[f.ordinal()][level] = level == 1 ? 0.9 : level == levels - 1 ? 0.01 : 0.09 / Math.max(1, levels - 3);
            }
        }
        double lambda = 0.05;
        long total = pairs.length;
        int iteration = 0;
        while (iteration < maxIterations) {
            iteration++;
            double[][] numerator = new double[Field.COUNT][16];
            double matches = 0;
            for (int p = 0; p < size; p++) {
                if (free[p] == 0) {
                    continue;
                }
                double logM = Math.log(lambda);
                double logNon = Math.log(1 - lambda);
                for (int f = 0; f < Field.COUNT; f++) {
                    int level = (vector[p] >>> (f * Field.BITS)) & 0xF;
                    if (level != 0) {
                        logM += Math.log(Math.max(1e-300, m[f][level]));
                        logNon += logU[f][level];
                    }
                }
                double posterior = 1 / (1 + Math.exp(logNon - logM));
                double weight = posterior * free[p];
                matches += weight;
                for (int f = 0; f < Field.COUNT; f++) {
                    int level = (vector[p] >>> (f * Field.BITS)) & 0xF;
                    if (level != 0) {
                        numerator[f][level] += weight;
                    }
                }
            }
            double change = Math.abs(matches / total - lambda);
            lambda = Math.min(0.999, Math.max(1e-9, matches / total));
            for (Field f : Field.ALL) {
                double sum = 0;
                for (int level = 1; level < f.levelCount(); level++) {
                    sum += numerator[f.ordinal()][level];
                }
                for (int level = 1; level < f.levelCount(); level++) {
                    double next = sum == 0 ? m[f.ordinal()][level] : numerator[f.ordinal()][level] / sum;
                    change = Math.max(change, Math.abs(next - m[f.ordinal()][level]));
                    m[f.ordinal()][level] = next;
                }
            }
            if (change < 1e-7) {
                break;
            }
        }
        return new Em(m, lambda, iteration);
    }

    /**
     * Distinct comparison vectors of the candidate pairs with their counts: [pairs free to match, pairs a constraint
     * forbids]. EM runs over a few thousand patterns instead of millions of pairs.
     */
    static Map<Integer, long[]> patterns(Prepared[] records, long[] pairs, int keptFields) {
        int chunks = Math.max(1, Math.min(64, pairs.length / 50_000));
        return IntStream.range(0, chunks)
                .parallel()
                .mapToObj(c -> {
                    Map<Integer, long[]> local = new HashMap<>();
                    int from = (int) ((long) pairs.length * c / chunks);
                    int to = (int) ((long) pairs.length * (c + 1) / chunks);
                    for (int k = from; k < to; k++) {
                        Prepared a = records[Blocker.left(pairs[k])];
                        Prepared b = records[Blocker.right(pairs[k])];
                        int packed = Comparisons.compare(a, b) & keptFields;
                        boolean forbidden = Constraints.forbidden(a, b);
                        local.computeIfAbsent(packed, x -> new long[2])[forbidden ? 1 : 0]++;
                    }
                    return local;
                })
                .reduce(new HashMap<>(), (x, y) -> {
                    Map<Integer, long[]> out = new HashMap<>(x);
                    y.forEach((k, v) -> {
                        long[] sum = out.computeIfAbsent(k, z -> new long[2]);
                        sum[0] += v[0];
                        sum[1] += v[1];
                    });
                    return out;
                });
    }

    /** How often each first given name and each family name occurs among the records. */
    static Map<String, Double> frequencies(Prepared[] records, boolean given) {
        Map<String, long[]> counts = new HashMap<>();
        long total = 0;
        for (Prepared p : records) {
            String name = given ? p.first : p.family;
            if (name != null) {
                counts.computeIfAbsent(name, k -> new long[1])[0]++;
                total++;
            }
        }
        Map<String, Double> out = new HashMap<>();
        for (var e : counts.entrySet()) {
            out.put(e.getKey(), (double) e.getValue()[0] / Math.max(1, total));
        }
        return out;
    }
}
