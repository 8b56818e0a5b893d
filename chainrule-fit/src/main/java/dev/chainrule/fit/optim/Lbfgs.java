package dev.chainrule.fit.optim;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Limited-memory BFGS: a quasi-Newton method that builds an estimate of the inverse Hessian from
 * the last few steps and gradient changes, following Nocedal and Wright, Numerical Optimization
 * (2nd ed., 2006), Algorithm 7.5, with the two-loop recursion of Algorithm 7.4, the initial
 * scaling {@code gamma = s.y / y.y} of their equation (7.20), and a {@link StrongWolfeLineSearch}
 * (their Algorithms 3.5 and 3.6).
 *
 * <p>Each {@link #step} is one iteration: direction, line search (several evaluations of the
 * objective), update of the curvature pairs. It treats all parameters as one flat vector and
 * suits full-batch, deterministic objectives: with mini-batches the curvature pairs mix
 * different functions and the line search misleads. The learning rate scales the first trial
 * step (1 is the natural choice); the first iteration starts from {@code min(1, 1 / |g|_1)}.
 * A pair with {@code s.y <= 1e-10 |s| |y|} (possible only when the line search stopped short of
 * the Wolfe conditions) is skipped, which keeps the estimate positive definite.
 */
public final class Lbfgs implements Optimizer {
    private final List<Parameter> parameters;
    private final int historySize;
    private final StrongWolfeLineSearch lineSearch;
    private final Deque<double[][]> history = new ArrayDeque<>();
    private double learningRate = 1.0;

    // The last evaluated point, reused when the parameters still hold exactly its values.
    private Tensor[] cachedValues;
    private double cachedLoss;
    private double[] cachedGradient;
    private int evaluations;

    /** History of 10 pairs, line search constants c1 = 1e-4 and c2 = 0.9, 25 evaluations. */
    public Lbfgs(List<Parameter> parameters) {
        this(parameters, 10, 25);
    }

    /**
     * @param historySize number of curvature pairs kept, >= 1
     * @param maxLineSearchEvaluations objective evaluations allowed per line search, >= 1
     */
    public Lbfgs(List<Parameter> parameters, int historySize, int maxLineSearchEvaluations) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("lbfgs: the parameter list is empty");
        }
        if (historySize < 1 || maxLineSearchEvaluations < 1) {
            throw new IllegalArgumentException(
                    "lbfgs: history size and line-search evaluations must be >= 1, got "
                            + historySize + " and " + maxLineSearchEvaluations);
        }
        this.parameters = List.copyOf(parameters);
        this.historySize = historySize;
        this.lineSearch = new StrongWolfeLineSearch(1e-4, 0.9, maxLineSearchEvaluations, 1e10);
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(
                    "lbfgs: learning rate must be positive and finite, got " + rate);
        }
        learningRate = rate;
    }

    /** Objective evaluations (loss and gradient) so far. */
    public int evaluations() {
        return evaluations;
    }

    /**
     * The objective's value at the current parameters, from the last evaluation (evaluates the
     * objective when the parameters changed since).
     */
    public double loss(Objective objective) {
        ensureEvaluated(objective);
        return cachedLoss;
    }

    /**
     * The largest gradient entry in absolute value at the current parameters, from the last
     * evaluation (evaluates the objective when the parameters changed since).
     */
    public double gradientInfinityNorm(Objective objective) {
        ensureEvaluated(objective);
        double largest = 0;
        for (double entry : cachedGradient) {
            largest = Math.max(largest, Math.abs(entry));
        }
        return largest;
    }

    /**
     * One L-BFGS iteration.
     *
     * @return the loss before the iteration
     * @throws ArithmeticException when the loss or gradient at the current point is not finite
     * @throws IllegalStateException when the line search finds no lower point even along the
     *     steepest descent direction (the parameters are then left unchanged)
     */
    @Override
    public double step(Objective objective) {
        ensureEvaluated(objective);
        requireFinite(cachedLoss, cachedGradient);
        double[] x = flatten();
        double loss = cachedLoss;
        double[] gradient = cachedGradient;

        double[] direction = twoLoopDirection(gradient);
        double slope = dot(gradient, direction);
        if (!(slope < 0)) {
            // The estimate lost positive definiteness numerically: restart from steepest descent.
            history.clear();
            direction = negate(gradient);
            slope = dot(gradient, direction);
        }
        if (slope == 0) {
            return loss;
        }

        double initialStep = history.isEmpty()
                ? learningRate * Math.min(1.0, 1.0 / norm1(gradient)) : learningRate;
        StrongWolfeLineSearch.Point start =
                new StrongWolfeLineSearch.Point(0, loss, slope, gradient);
        double[] searchDirection = direction;
        StrongWolfeLineSearch.Point accepted = lineSearch.search(
                alpha -> evaluateAlong(objective, x, searchDirection, alpha), start, initialStep);
        if (accepted == null) {
            restore(x, loss, gradient);
            if (!history.isEmpty()) {
                history.clear();
                return step(objective);
            }
            throw new IllegalStateException(
                    "lbfgs: the line search found no lower loss than " + loss + " along the"
                            + " steepest descent direction; the gradient may be inaccurate or"
                            + " the minimum reached to machine precision");
        }

        double[] s = new double[x.length];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = accepted.alpha() * direction[i];
            y[i] = accepted.gradient()[i] - gradient[i];
        }
        restore(axpy(x, accepted.alpha(), direction), accepted.value(), accepted.gradient());
        if (dot(s, y) > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
            history.addLast(new double[][] {s, y});
            if (history.size() > historySize) {
                history.removeFirst();
            }
        }
        return loss;
    }

    /**
     * Iterates until the largest gradient entry is at most {@code gradientTolerance}, or the
     * loss stops changing (relative change below 1e-15 over an iteration), or
     * {@code maxIterations} iterations.
     */
    public Result minimize(Objective objective, int maxIterations, double gradientTolerance) {
        int iteration = 0;
        double gradientNorm = gradientInfinityNorm(objective);
        double previous = Double.POSITIVE_INFINITY;
        while (iteration < maxIterations && gradientNorm > gradientTolerance) {
            previous = step(objective);
            iteration++;
            gradientNorm = gradientInfinityNorm(objective);
            if (Math.abs(previous - cachedLoss) <= 1e-15 * Math.abs(previous)) {
                break;
            }
        }
        return new Result(iteration, evaluations, cachedLoss, gradientNorm,
                gradientNorm <= gradientTolerance);
    }

    /** Outcome of {@link #minimize}. */
    public record Result(int iterations, int evaluations, double loss, double gradientNorm,
            boolean converged) {}

    // Algorithm 7.4: r = H g from the stored pairs, newest first in the first loop.
    private double[] twoLoopDirection(double[] gradient) {
        double[] q = gradient.clone();
        int count = history.size();
        double[] alphas = new double[count];
        Iterator<double[][]> newestFirst = history.descendingIterator();
        for (int k = count - 1; k >= 0; k--) {
            double[][] pair = newestFirst.next();
            double rho = 1.0 / dot(pair[1], pair[0]);
            alphas[k] = rho * dot(pair[0], q);
            addScaled(q, -alphas[k], pair[1]);
        }
        if (count > 0) {
            double[][] newest = history.peekLast();
            double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
            scale(q, gamma);
        }
        Iterator<double[][]> oldestFirst = history.iterator();
        for (int k = 0; k < count; k++) {
            double[][] pair = oldestFirst.next();
            double rho = 1.0 / dot(pair[1], pair[0]);
            double beta = rho * dot(pair[1], q);
            addScaled(q, alphas[k] - beta, pair[0]);
        }
        return negate(q);
    }

    private StrongWolfeLineSearch.Point evaluateAlong(Objective objective, double[] x,
            double[] direction, double alpha) {
        double[] trial = axpy(x, alpha, direction);
        assign(trial);
        double[] gradient = new double[trial.length];
        double value = evaluate(objective, gradient);
        return new StrongWolfeLineSearch.Point(alpha, value, dot(gradient, direction), gradient);
    }

    /** Loss at the parameters' current values; fills the flat gradient. No finiteness check. */
    private double evaluate(Objective objective, double[] gradientOut) {
        for (Parameter parameter : parameters) {
            parameter.zeroGrad();
        }
        Var loss = objective.loss();
        if (loss.value().size() != 1) {
            Evaluation.checkedLoss(loss);
        }
        evaluations++;
        if (loss.requiresGrad()) {
            loss.backward();
        }
        int offset = 0;
        for (Parameter parameter : parameters) {
            double[] grad = parameter.grad().toArray();
            System.arraycopy(grad, 0, gradientOut, offset, grad.length);
            offset += grad.length;
        }
        return loss.item();
    }

    private void ensureEvaluated(Objective objective) {
        if (cachedValues != null && holdsCachedValues()) {
            return;
        }
        double[] gradient = new double[flatSize()];
        double loss = evaluate(objective, gradient);
        cacheCurrent(loss, gradient);
    }

    private boolean holdsCachedValues() {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).value() != cachedValues[i]) {
                return false;
            }
        }
        return true;
    }

    private void restore(double[] x, double loss, double[] gradient) {
        assign(x);
        cacheCurrent(loss, gradient);
    }

    private void cacheCurrent(double loss, double[] gradient) {
        cachedValues = new Tensor[parameters.size()];
        for (int i = 0; i < cachedValues.length; i++) {
            cachedValues[i] = parameters.get(i).value();
        }
        cachedLoss = loss;
        cachedGradient = gradient;
    }

    private static void requireFinite(double loss, double[] gradient) {
        if (!Double.isFinite(loss)) {
            throw new ArithmeticException("lbfgs: the loss is " + loss
                    + " at the current parameters; check the data for extreme values");
        }
        for (int i = 0; i < gradient.length; i++) {
            if (!Double.isFinite(gradient[i])) {
                throw new ArithmeticException("lbfgs: gradient entry " + i + " is "
                        + gradient[i] + " at the current parameters");
            }
        }
    }

    private int flatSize() {
        int size = 0;
        for (Parameter parameter : parameters) {
            size += parameter.size();
        }
        return size;
    }

    private double[] flatten() {
        double[] flat = new double[flatSize()];
        int offset = 0;
        for (Parameter parameter : parameters) {
            double[] values = parameter.value().toArray();
            System.arraycopy(values, 0, flat, offset, values.length);
            offset += values.length;
        }
        return flat;
    }

    private void assign(double[] flat) {
        int offset = 0;
        for (Parameter parameter : parameters) {
            int size = parameter.size();
            double[] values = new double[size];
            System.arraycopy(flat, offset, values, 0, size);
            parameter.set(Tensor.of(parameter.shape(), values));
            offset += size;
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double norm1(double[] a) {
        double sum = 0;
        for (double entry : a) {
            sum += Math.abs(entry);
        }
        return sum;
    }

    private static void addScaled(double[] target, double factor, double[] addend) {
        for (int i = 0; i < target.length; i++) {
            target[i] += factor * addend[i];
        }
    }

    private static void scale(double[] target, double factor) {
        for (int i = 0; i < target.length; i++) {
            target[i] *= factor;
        }
    }

    private static double[] negate(double[] a) {
        double[] result = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            result[i] = -a[i];
        }
        return result;
    }

    private static double[] axpy(double[] x, double alpha, double[] direction) {
        double[] result = x.clone();
        addScaled(result, alpha, direction);
        return result;
    }
}
