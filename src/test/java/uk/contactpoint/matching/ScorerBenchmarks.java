package uk.contactpoint.matching;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** JMH benchmarks of the scorer: a pair's match weight, its waterfall, and standardising a record. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScorerBenchmarks {
    private Prepared[] left;
    private Prepared[] right;
    private MatchModel model;
    private Standardiser standardiser;
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        BenchData pairs = BenchData.candidatePairs();
        left = pairs.left();
        right = pairs.right();
        model = pairs.model();
        standardiser = new Standardiser(NameVariants.standard());
    }

    private int next() {
        i = (i + 1) % left.length;
        return i;
    }

    @Benchmark
    public double matchWeight() {
        int k = next();
        return model.weight(left[k], right[k]);
    }

    @Benchmark
    public PairScore waterfall() {
        int k = next();
        return model.explain(left[k], right[k]);
    }

    @Benchmark
    public Prepared standardise() {
        return standardiser.prepare(left[next()].record);
    }
}
