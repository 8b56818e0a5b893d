package dev.chainrule.cli;

import dev.chainrule.cli.data.DataReader;
import dev.chainrule.cli.data.DataTable;
import dev.chainrule.cli.mlp.ModelFile;
import dev.chainrule.cli.mlp.Predictions;
import dev.chainrule.fit.nn.NetworkModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chainrule predict MODEL DATA [-o FILE]}: applies a network saved by
 * {@code chainrule fit --mlp ... --save MODEL} to the rows of a data file and writes them with
 * the predictions as CSV, to stdout or atomically to a file.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Predict with a network saved by 'chainrule fit --mlp ... --save MODEL'. Writes the"
                    + " input columns and the predictions as CSV (for classifiers: the"
                    + " predicted label and the probability of each class).",
            "",
            "Example: chainrule predict sine-model.json new-points.csv -o predictions.csv"
        },
        footer = {"", "Exit codes: 0 success, 1 the output could not be written, 2 bad input."})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model JSON file.")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "DATA",
            description = "Data file with the model's input columns (CSV or whitespace text).")
    Path data;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the CSV here (whole or not at all) instead of to stdout"
                    + " (- is stdout).")
    Path output;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            FitCommand.checkOutput(output, "-o");
            AtomicFiles.refuseInputAsOutput(output, "-o", data, modelFile);
            NetworkModel model = ModelFile.read(modelFile);
            DataTable table;
            try {
                table = DataReader.read(data);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + data + ": " + e.getMessage());
            }
            String csv = Predictions.csv(model, table);
            if (output == null || AtomicFiles.isStandardOutput(output)) {
                out.print(csv);
                out.flush();
            } else {
                AtomicFiles.writeText(output, csv);
            }
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            return Failure.report(err, "chainrule predict", e, verbose);
        }
    }
}
