package uk.contactpoint.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import uk.contactpoint.directory.MatchModels;

@Command(
        name = "train-model",
        mixinStandardHelpOptions = true,
        description = "Trains a matching model on every active source record in the directory, without labels, and"
                + " makes it the one new links are made with. Links already made keep the model they were made with.")
final class TrainModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        try (var context = Server.start(database.springProperties(), false)) {
            var trained = context.getBean(MatchModels.class).train();
            var out = spec.commandLine().getOut();
            out.printf(
                    "trained model %s on %,d source records in %.1f s; it links from now on%n",
                    trained.version(), trained.records(), trained.millis() / 1000.0);
            out.flush();
        }
        return 0;
    }
}
