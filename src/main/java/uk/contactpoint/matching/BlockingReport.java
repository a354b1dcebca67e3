package uk.contactpoint.matching;

import java.io.PrintWriter;
import java.util.List;

/**
 * What blocking produced: for each rule, in order, the pairs it added beyond the rules before it, and the blocks it
 * skipped because they were larger than the cap (their records still meet through the other rules).
 */
public record BlockingReport(List<RuleCount> rules, long totalPairs, int maxBlockSize) {

    public record RuleCount(
            String rule, long newPairs, long blocks, int largestBlock, long cappedBlocks, long cappedRecords) {}

    public BlockingReport {
        rules = List.copyOf(rules);
    }

    public void print(PrintWriter out) {
        out.printf(
                "Blocking: %,d candidate pairs (blocks larger than %,d records are skipped)%n",
                totalPairs, maxBlockSize);
        out.printf("  %-60s %14s %10s %8s %8s %10s%n", "rule", "new pairs", "blocks", "largest", "capped", "in capped");
        for (RuleCount r : rules) {
            out.printf(
                    "  %-60s %,14d %,10d %,8d %,8d %,10d%n",
                    r.rule(), r.newPairs(), r.blocks(), r.largestBlock(), r.cappedBlocks(), r.cappedRecords());
        }
        out.flush();
    }
}
