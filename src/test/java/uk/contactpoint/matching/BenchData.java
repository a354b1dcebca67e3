package uk.contactpoint.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Candidate pairs from 3,000 generated children, and a model trained on them, for the JMH benchmarks. */
record BenchData(Prepared[] left, Prepared[] right, MatchModel model) {

    static BenchData candidatePairs() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cp-bench-");
            GeneratedData data = GeneratedData.generate(3_000, 7, dir);
            Prepared[] records = BatchLinker.prepare(data.records(), new Standardiser(NameVariants.standard()));
            long[] pairs = Blocker.pairs(records, BlockingRule.ALL, BatchLinker.DEFAULT_MAX_BLOCK)
                    .pairs();
            MatchModel model = MatchModel.train(data.records(), TrainingOptions.DEFAULT);
            int n = Math.min(pairs.length, 8_192);
            Prepared[] left = new Prepared[n];
            Prepared[] right = new Prepared[n];
            for (int k = 0; k < n; k++) {
                // Spread over the whole list, so that every blocking rule's pairs are in the mix.
                long p = pairs[(int) ((long) k * pairs.length / n)];
                left[k] = records[Blocker.left(p)];
                right[k] = records[Blocker.right(p)];
            }
            return new BenchData(left, right, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            SharedData.delete(dir);
        }
    }
}
