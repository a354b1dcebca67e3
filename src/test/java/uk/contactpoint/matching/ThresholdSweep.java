package uk.contactpoint.matching;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Sweeps the MATCH and review thresholds over one generated data set and prints precision, recall and review queue
 * for each, with the weight histogram of true and false candidate pairs. Used to choose the default thresholds on a
 * tuning seed (not the seed the targets are measured on); see docs/adr/0016-thresholds-and-constraints.md.
 */
public final class ThresholdSweep {
    private ThresholdSweep() {}

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        GeneratedData data = GeneratedData.read(Path.of(args[0]));
        Standardiser standardiser = new Standardiser(NameVariants.standard());
        Prepared[] prepared = BatchLinker.prepare(data.records(), standardiser);
        Blocker.Result blocked = Blocker.pairs(prepared, BlockingRule.ALL, TrainingOptions.DEFAULT.maxBlockSize());
        MatchModel model = Training.train(prepared, blocked.pairs(), TrainingOptions.DEFAULT, NameVariants.standard());
        model.print(out);
        long[] trueHist = new long[80];
        long[] falseHist = new long[80];
        for (long pair : blocked.pairs()) {
            Prepared a = prepared[Blocker.left(pair)];
            Prepared b = prepared[Blocker.right(pair)];
            double w = model.weight(a, b);
            int bucket = (int) Math.max(0, Math.min(79, Math.floor(w) + 40));
            boolean same = data.truth().get(a.key).equals(data.truth().get(b.key));
            (same ? trueHist : falseHist)[bucket]++;
        }
        out.println("weight  true-pairs  false-pairs");
        for (int i = 0; i < 80; i++) {
            if (trueHist[i] + falseHist[i] > 0) {
                out.printf("%4d %,10d %,10d%n", i - 40, trueHist[i], falseHist[i]);
            }
        }
        double[] matches = args.length > 1 ? parse(args[1]) : new double[] {2, 3, 4, 5, 6, 7, 8, 10};
        double[] possibles = args.length > 2 ? parse(args[2]) : new double[] {-4, -2, 0, 2};
        out.println("match possible precision recall    f1        merged split  twins review%");
        for (double match : matches) {
            for (double possible : possibles) {
                if (possible > match) {
                    continue;
                }
                LinkageResult r =
                        new BatchLinker(model, new Thresholds(match, possible), 300).link(data.records(), List.of());
                LinkageReport report =
                        LinkageReport.of(r.clusterByRecord(), data.truth(), r.reviewQueue(), data.records());
                out.printf(
                        "%5.1f %8.1f %9.6f %9.6f %9.6f %6d %6d %6d %7.3f%n",
                        match,
                        possible,
                        report.precision(),
                        report.recall(),
                        report.f1(),
                        report.clustersMergingChildren(),
                        report.childrenSplit(),
                        report.mergedTwins(),
                        100 * report.reviewShare());
            }
        }
    }

    private static double[] parse(String text) {
        String[] parts = text.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }
}
