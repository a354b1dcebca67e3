package uk.contactpoint.matching;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the model bundled with the service (src/main/resources/matching/bundled-model.txt): trained without labels
 * on 50,000 generated children, seed 11, a data set the accuracy targets are never measured on. The directory links
 * with it until it has enough records of its own to train on (docs/adr/0017-linkage-in-the-directory.md).
 *
 * <p>{@code ./mvnw -Pbench test-compile exec:exec -Dbench.main=uk.contactpoint.matching.BundledModelTrainer
 * -Dbench.args=src/main/resources/matching/bundled-model.txt}
 */
public final class BundledModelTrainer {
    private BundledModelTrainer() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources/matching/bundled-model.txt");
        Path dir = Files.createTempDirectory("cp-bundled-model-");
        GeneratedData data = GeneratedData.generate(50_000, 11, dir);
        MatchModel model = MatchModel.train(data.records(), TrainingOptions.DEFAULT);
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            model.save(writer);
        }
        System.out.printf(
                "trained on %,d records: model %s written to %s%n",
                data.records().size(), model.version(), out);
    }
}
