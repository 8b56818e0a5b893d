package dev.chainrule.cli.mlp;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code chainrule fit --mlp}, mixed into the fit command. Only parsing lives
 * here; {@link MlpFit} checks and runs them.
 */
public final class MlpOptions {
    @Option(names = "--mlp", split = ",", paramLabel = "SIZES",
            description = "Fit a neural network instead of a formula: the hidden layer widths,"
                    + " e.g. 32,32.")
    List<Integer> hidden;

    @Option(names = "--x", split = ",", paramLabel = "COLUMNS",
            description = "Input columns of the network (default: every column but --y).")
    List<String> inputs;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "regress",
            description = "regress, or classify (the --y column holds class labels written"
                    + " as numbers, such as 0 and 1; cross-entropy loss, accuracy reported)."
                    + " Default: ${DEFAULT-VALUE}.")
    String task;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "tanh",
            description = "Hidden activation: tanh, relu, sigmoid, gelu or softplus"
                    + " (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "lbfgs",
            description = "lbfgs (full batch, quasi-Newton), adam, adamw or sgd (Nesterov"
                    + " momentum 0.9; also called nesterov). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1000",
            description = "Passes over the training rows; for lbfgs, iterations"
                    + " (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate (default: 1 for lbfgs, 0.01 for adam, adamw and sgd;"
                    + " inputs and targets are standardised, so these usually work).")
    Double learningRate;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "constant",
            description = "Learning-rate schedule: constant, step (halve every tenth of the"
                    + " epochs) or cosine. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "0",
            description = "Rows per mini-batch for adam, adamw and sgd; 0 for the full batch"
                    + " (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--validation", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "Share of rows held out to validate, 0 to 0.9"
                    + " (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after N epochs without a lower validation loss and keep the"
                    + " best epoch (default: 100 with a validation part; 0 turns it off).")
    Integer patience;

    @Option(names = "--clip", paramLabel = "NORM",
            description = "Clip gradients to this norm (adam, adamw, sgd).")
    Double clip;

    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "0",
            description = "Weight decay (L2 for adam and sgd, decoupled for adamw).")
    double weightDecay;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the initial weights, the validation split and the"
                    + " shuffling: the same seed repeats a run exactly (default:"
                    + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Save the trained network as JSON, for chainrule predict.")
    Path save;

    @Option(names = "--loss-plot", paramLabel = "FILE",
            description = "Plot training and validation loss per epoch (.png or .svg).")
    Path lossPlot;

    /** The --save file, or null. */
    public Path save() {
        return save;
    }

    /** The --loss-plot file, or null. */
    public Path lossPlot() {
        return lossPlot;
    }

    /** Whether a network fit was asked for. */
    public boolean requested() {
        return hidden != null;
    }
}
