package uk.contactpoint.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the usual command-line options and prints, for each benchmark, the median over every measured
 * iteration of every fork, beside JMH's own mean and error. The bench profile's default main class.
 */
public final class BenchmarkMedians {
    private BenchmarkMedians() {}

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        System.out.printf("%n%-50s %12s %12s %10s %6s%n", "benchmark", "median", "mean", "error", "n");
        for (RunResult run : results) {
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                }
            }
            scores.sort(Double::compare);
            int n = scores.size();
            double median = n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
            var primary = run.getPrimaryResult();
            String name = run.getParams().getBenchmark();
            System.out.printf(
                    "%-50s %9.1f %s %9.1f %s %10.1f %6d%n",
                    name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    median,
                    primary.getScoreUnit(),
                    primary.getScore(),
                    primary.getScoreUnit(),
                    primary.getScoreError(),
                    n);
        }
    }
}
