package uk.contactpoint.matching;

import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH micro-benchmarks of the comparators, over pairs of names as the generator writes them (a real candidate pair
 * per operation, cycling through a few thousand). Run with the bench profile (see pom.xml).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ComparatorBenchmarks {
    private Prepared[] left;
    private Prepared[] right;
    private int i;
    private final JaroWinklerSimilarity commonsJaroWinkler = new JaroWinklerSimilarity();
    private final DoubleMetaphone metaphone = new DoubleMetaphone();

    @Setup(Level.Trial)
    public void setUp() {
        BenchData pairs = BenchData.candidatePairs();
        left = pairs.left();
        right = pairs.right();
    }

    private int next() {
        i = (i + 1) % left.length;
        return i;
    }

    @Benchmark
    public double jaroWinkler() {
        int k = next();
        return Strings.jaroWinkler(left[k].first, right[k].first);
    }

    @Benchmark
    public double jaroWinklerCommonsText() {
        int k = next();
        return commonsJaroWinkler.apply(left[k].first, right[k].first);
    }

    @Benchmark
    public boolean damerauLevenshteinWithinOne() {
        int k = next();
        return Strings.withinEdits(left[k].family, right[k].family, 1);
    }

    @Benchmark
    public String doubleMetaphone() {
        return metaphone.doubleMetaphone(left[next()].family);
    }

    @Benchmark
    public int givenNameLevel() {
        int k = next();
        return Comparisons.given(left[k], right[k]);
    }

    @Benchmark
    public int familyNameLevel() {
        int k = next();
        return Comparisons.family(left[k], right[k]);
    }

    @Benchmark
    public int comparisonVector() {
        int k = next();
        return Comparisons.compare(left[k], right[k]);
    }
}
