package dev.chainrule.fit.nn;

import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.optim.FirstOrderOptimizer;
import dev.chainrule.fit.optim.LearningRateSchedule;
import dev.chainrule.fit.optim.Lbfgs;
import dev.chainrule.fit.optim.Objective;
import dev.chainrule.fit.optim.Optimizer;
import dev.chainrule.fit.optim.OptimizerKind;
import dev.chainrule.fit.optim.Parameter;
import dev.chainrule.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains an {@link Mlp} on a {@link Dataset}: splits off a validation part, standardises inputs
 * (and regression targets) with statistics of the training part, runs epochs of mini-batch
 * steps (or L-BFGS iterations on the full batch), reports each epoch to a listener, and stops
 * early when the validation loss stops improving.
 *
 * <p>Configure with the fluent setters, then call {@link #fit}. Runs repeat exactly for the same
 * seed, data and settings: the split and the shuffling come from one generator seeded with
 * {@link #seed}; the network's initial weights come from its own seed.
 *
 * <p>Losses: regression uses {@link #loss} (mean squared error by default) on standardised
 * targets; classification uses binary cross-entropy with logits for two classes and softmax
 * cross-entropy for more.
 */
public final class Trainer {
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private double learningRate = Double.NaN;
    private int epochs = 1000;
    private int batchSize = 0;
    private double validationFraction = 0.0;
    private int patience = 0;
    private long seed = 0;
    private Schedule schedule = Schedule.CONSTANT;
    private double maxGradientNorm = Double.POSITIVE_INFINITY;
    private double weightDecay = 0.0;
    private double momentum = 0.9;
    private Loss loss = Loss.meanSquaredError();

    public Trainer optimizer(OptimizerKind kind) {
        this.optimizer = kind;
        return this;
    }

    /** The base learning rate; by default {@link OptimizerKind#defaultLearningRate()}. */
    public Trainer learningRate(double rate) {
        this.learningRate = rate;
        return this;
    }

    /**
     * @throws IllegalArgumentException when below 1
     */
    public Trainer epochs(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("training: epochs must be >= 1, got " + count);
        }
        this.epochs = count;
        return this;
    }

    /**
     * Rows per mini-batch; 0 (the default) uses the whole training part in every step.
     *
     * @throws IllegalArgumentException when negative
     */
    public Trainer batchSize(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("training: batch size must be >= 0, got " + rows);
        }
        this.batchSize = rows;
        return this;
    }

    /**
     * Share of the rows held out for validation, in [0, 0.9]; 0 (the default) holds out none.
     */
    public Trainer validationFraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 0.9)) {
            throw new IllegalArgumentException(
                    "training: validation fraction must be in [0, 0.9], got " + fraction);
        }
        this.validationFraction = fraction;
        return this;
    }

    /**
     * Stop after this many epochs without a lower validation loss and keep the best epoch's
     * parameters; 0 (the default) never stops early. Needs a validation part.
     */
    public Trainer patience(int epochsWithoutImprovement) {
        if (epochsWithoutImprovement < 0) {
            throw new IllegalArgumentException(
                    "training: patience must be >= 0, got " + epochsWithoutImprovement);
        }
        this.patience = epochsWithoutImprovement;
        return this;
    }

    public Trainer seed(long value) {
        this.seed = value;
        return this;
    }

    /** Learning-rate schedules by name, built from the base rate and the number of epochs. */
    public enum Schedule {
        /** The base rate throughout. */
        CONSTANT,
        /** Halve the rate every tenth of the epochs. */
        STEP,
        /** Cosine annealing down to a hundredth of the base rate at the last epoch. */
        COSINE;

        /**
         * @throws IllegalArgumentException naming the valid choices
         */
        public static Schedule parse(String name) {
            for (Schedule schedule : values()) {
                if (schedule.name().equalsIgnoreCase(name.trim())) {
                    return schedule;
                }
            }
            throw new IllegalArgumentException(
                    "unknown schedule \"" + name + "\"; choose constant, step or cosine");
        }
    }

    public Trainer schedule(Schedule kind) {
        this.schedule = kind;
        return this;
    }

    /** Clip each step's gradient to this global norm (first-order optimizers only). */
    public Trainer maxGradientNorm(double norm) {
        this.maxGradientNorm = norm;
        return this;
    }

    public Trainer weightDecay(double decay) {
        this.weightDecay = decay;
        return this;
    }

    /** Momentum of SGD (Nesterov form); ignored by the other optimizers. */
    public Trainer momentum(double value) {
        this.momentum = value;
        return this;
    }

    /** The regression loss; classification always uses cross-entropy. */
    public Trainer loss(Loss regressionLoss) {
        this.loss = regressionLoss;
        return this;
    }

    /**
     * Trains the network and returns the model with its standardisation.
     *
     * @param names the model's column names: inputs, targets, class labels (see
     *     {@link NetworkModel}); for classification the targets are class indices into
     *     {@code names.classLabels}
     * @throws IllegalArgumentException when the network does not fit the data or the settings
     *     conflict (L-BFGS with mini-batches, early stopping without validation)
     * @throws ArithmeticException when the loss becomes NaN or infinite
     */
    public TrainingResult fit(Mlp network, Dataset data, Task task, ColumnNames names,
            TrainingListener listener) {
        int[] sizes = network.sizes();
        checkSettings(network, data, task, names);

        // Split and standardise with statistics of the training rows only.
        Random random = new Random(seed);
        int[] order = permutation(data.rows(), random);
        int validationCount = (int) Math.round(validationFraction * data.rows());
        int[] validationRows = Arrays.copyOfRange(order, 0, validationCount);
        int[] trainingRows = Arrays.copyOfRange(order, validationCount, order.length);
        Standardization inputScaling = Standardization.fit(data.inputs(), trainingRows);
        Standardization targetScaling = task == Task.REGRESS
                ? Standardization.fit(data.targets(), trainingRows)
                : Standardization.identity(sizes[sizes.length - 1]);
        Tensor inputs = inputScaling.apply(data.inputs());
        Tensor targets = task == Task.REGRESS ? targetScaling.apply(data.targets())
                : data.targets();
        Dataset scaled = new Dataset(inputs, targets);
        Loss objectiveLoss = lossFor(task, sizes[sizes.length - 1]);

        List<Parameter> parameters = network.parameters();
        double baseRate = Double.isNaN(learningRate) ? optimizer.defaultLearningRate()
                : learningRate;
        Optimizer stepper = optimizer.create(parameters, baseRate, momentum, weightDecay);
        if (stepper instanceof FirstOrderOptimizer firstOrder
                && maxGradientNorm < Double.POSITIVE_INFINITY) {
            firstOrder.clipGradientNorm(maxGradientNorm);
        }
        LearningRateSchedule rates = scheduleFor(baseRate);

        Batch training = new Batch(scaled, trainingRows);
        Batch validation = validationCount > 0 ? new Batch(scaled, validationRows) : null;
        List<Double> trainingLosses = new ArrayList<>();
        List<Double> validationLosses = new ArrayList<>();
        Tensor[] best = snapshot(parameters);
        double bestValidation = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        TrainingResult.StopReason reason = TrainingResult.StopReason.EPOCHS_DONE;
        while (epoch < epochs) {
            double rate = rates.rate(epoch);
            stepper.setLearningRate(rate);
            boolean converged = runEpoch(stepper, network, objectiveLoss, training, random);
            epoch++;

            // L-BFGS has just evaluated the full-batch loss at the accepted point: reuse it.
            double trainingLoss = stepper instanceof Lbfgs lbfgs
                    ? lbfgs.loss(fullBatch(network, objectiveLoss, training))
                    : lossOf(network, objectiveLoss, training);
            double validationLoss = validation == null ? Double.NaN
                    : lossOf(network, objectiveLoss, validation);
            trainingLosses.add(trainingLoss);
            validationLosses.add(validationLoss);
            listener.onEpoch(new EpochReport(epoch, epochs, trainingLoss, validationLoss, rate));

            if (validation != null && validationLoss < bestValidation) {
                bestValidation = validationLoss;
                bestEpoch = epoch;
                best = snapshot(parameters);
            }
            if (converged) {
                reason = TrainingResult.StopReason.CONVERGED;
                break;
            }
            if (patience > 0 && epoch - bestEpoch >= patience) {
                reason = TrainingResult.StopReason.EARLY_STOPPING;
                break;
            }
        }
        if (patience > 0 && bestEpoch > 0) {
            restore(parameters, best);
        } else {
            bestEpoch = epoch;
        }

        NetworkModel model = new NetworkModel(task, network, inputScaling, targetScaling,
                names.inputs(), names.targets(), names.classLabels());
        int index = bestEpoch - 1;
        return new TrainingResult(model, epoch, bestEpoch, trainingLosses.get(index),
                validationLosses.get(index), reason, List.copyOf(trainingLosses),
                List.copyOf(validationLosses), trainingRows, validationRows);
    }

    /** Column names of a data set, carried into the model for prediction files. */
    public record ColumnNames(List<String> inputs, List<String> targets,
            List<String> classLabels) {}

    /** Rows of the standardised data, with their full-batch tensors made once. */
    private static final class Batch {
        final Dataset data;
        final int[] rows;
        final Tensor inputs;
        final Tensor targets;

        Batch(Dataset data, int[] rows) {
            this.data = data;
            this.rows = rows;
            this.inputs = data.inputBatch(rows);
            this.targets = data.targetBatch(rows);
        }
    }

    /** One epoch; returns whether L-BFGS reached a minimum. */
    private boolean runEpoch(Optimizer stepper, Mlp network, Loss objectiveLoss, Batch training,
            Random random) {
        if (stepper instanceof Lbfgs lbfgs) {
            Objective objective = fullBatch(network, objectiveLoss, training);
            try {
                lbfgs.step(objective);
            } catch (IllegalStateException noLowerPoint) {
                return true;
            }
            return lbfgs.gradientInfinityNorm(objective) < 1e-12;
        }
        int rows = training.rows.length;
        int size = batchSize == 0 || batchSize >= rows ? rows : batchSize;
        if (size == rows) {
            Var inputs = Var.constant(training.inputs);
            stepper.step(() -> objectiveLoss.apply(network.forward(inputs), training.targets));
            return false;
        }
        int[] shuffled = permutation(rows, random);
        for (int start = 0; start < rows; start += size) {
            int[] batchRows = new int[Math.min(size, rows - start)];
            for (int i = 0; i < batchRows.length; i++) {
                batchRows[i] = training.rows[shuffled[start + i]];
            }
            Var inputs = Var.constant(training.data.inputBatch(batchRows));
            Tensor targets = training.data.targetBatch(batchRows);
            stepper.step(() -> objectiveLoss.apply(network.forward(inputs), targets));
        }
        return false;
    }

    /** The loss over a whole batch as an optimizer's objective. */
    private static Objective fullBatch(Mlp network, Loss objectiveLoss, Batch batch) {
        Var inputs = Var.constant(batch.inputs);
        return () -> objectiveLoss.apply(network.forward(inputs), batch.targets);
    }

    private static double lossOf(Mlp network, Loss objectiveLoss, Batch batch) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            return objectiveLoss.apply(network.forward(Var.constant(batch.inputs)), batch.targets)
                    .item();
        }
    }

    private Loss lossFor(Task task, int outputs) {
        if (task == Task.REGRESS) {
            return loss;
        }
        return outputs == 1 ? Loss.binaryCrossEntropyWithLogits() : Loss.softmaxCrossEntropy();
    }

    private LearningRateSchedule scheduleFor(double baseRate) {
        return switch (schedule) {
            case STEP -> LearningRateSchedule.step(baseRate, Math.max(1, epochs / 10), 0.5);
            case COSINE -> LearningRateSchedule.cosine(baseRate, epochs, baseRate / 100);
            case CONSTANT -> LearningRateSchedule.constant(baseRate);
        };
    }

    private void checkSettings(Mlp network, Dataset data, Task task, ColumnNames names) {
        int[] sizes = network.sizes();
        int outputs = sizes[sizes.length - 1];
        if (sizes[0] != data.inputColumns()) {
            throw new IllegalArgumentException(
                    "training: the network takes " + sizes[0] + " inputs but the data has "
                            + data.inputColumns() + " input columns");
        }
        int expected = task == Task.CLASSIFY ? task.outputsFor(names.classLabels().size())
                : data.targetColumns();
        if (outputs != expected) {
            throw new IllegalArgumentException(
                    "training: the network has " + outputs + " outputs but the task needs "
                            + expected);
        }
        if (optimizer == OptimizerKind.LBFGS && batchSize > 0 && batchSize < data.rows()) {
            throw new IllegalArgumentException(
                    "training: L-BFGS needs the full batch (its line search compares losses of"
                            + " one function); drop the batch size or choose adam or sgd");
        }
        if (patience > 0 && Math.round(validationFraction * data.rows()) == 0) {
            throw new IllegalArgumentException(
                    "training: early stopping (patience " + patience + ") needs a validation"
                            + " part; set a validation fraction above 0");
        }
        if (Math.round(validationFraction * data.rows()) >= data.rows()) {
            throw new IllegalArgumentException(
                    "training: the validation part would take all " + data.rows() + " rows");
        }
    }

    private static int[] permutation(int count, Random random) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        // Fisher-Yates shuffle.
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static Tensor[] snapshot(List<Parameter> parameters) {
        Tensor[] values = new Tensor[parameters.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parameters.get(i).value();
        }
        return values;
    }

    private static void restore(List<Parameter> parameters, Tensor[] values) {
        for (int i = 0; i < values.length; i++) {
            parameters.get(i).set(values[i]);
        }
    }
}
