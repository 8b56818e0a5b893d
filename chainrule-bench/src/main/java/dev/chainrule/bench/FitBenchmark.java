package dev.chainrule.bench;

import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import dev.chainrule.fit.FitResult;
import dev.chainrule.fit.LevenbergMarquardt;
import dev.chainrule.fit.ModelProblem;
import dev.chainrule.tensor.Tensor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Curve fitting on a large column: the model {@code a*exp(-b*x)+c} over {@code rows} generated
 * points (seeded noise). {@link #engineJacobian} is what the fitter does per iteration: record
 * the model once and get all three Jacobian columns and the residuals from one forward-mode
 * sweep; {@link #handWrittenJacobian} computes the same numbers in plain Java, the speed limit
 * (target: the engine within 3 times of it). {@link #linearize} adds the QR factorization that
 * the solver needs, and {@link #wholeFit} is a complete fit from a fixed start.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FitBenchmark {
    static final double A = 2.5;
    static final double B = 0.8;
    static final double C = 0.3;
    static final double[] START = {1.0, 1.0, 0.0};
    static final double[] POINT = {2.0, 0.7, 0.25};

    @Param({"1000000"})
    public int rows;

    private double[] x;
    private double[] y;
    private Var xColumn;
    private Tensor response;
    private ModelProblem problem;

    @Setup
    public void setUp() {
        Tensor xs = Tensor.linspace(0.0, 10.0, rows);
        Tensor noise = Tensor.randomNormal(42L, 0.0, 0.01, rows);
        response = xs.map(v -> A * Math.exp(-B * v) + C).add(noise);
        x = xs.toArray();
        y = response.toArray();
        xColumn = Var.constant(xs);
        problem = ModelProblem.of(List.of("a", "b", "c"), this::model, response);
    }

    private Var model(Var[] p) {
        return p[0].mul(p[1].neg().mul(xColumn).exp()).add(p[2]);
    }

    /** Residuals then the columns d/da, d/db, d/dc at {@link #POINT}, by the engine. */
    @Benchmark
    public Tensor[] engineJacobian() {
        Var[] parameters = new Var[3];
        Var[][] directions = new Var[3][3];
        for (int j = 0; j < 3; j++) {
            parameters[j] = Var.variable(POINT[j]);
            directions[j][j] = Var.constant(1.0);
        }
        Var residuals = model(parameters).sub(Var.constant(response));
        Var[][] tangents;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            tangents = Derivatives.jvp(new Var[] {residuals}, parameters, directions);
        }
        return new Tensor[] {residuals.value(), tangents[0][0].value(), tangents[1][0].value(),
            tangents[2][0].value()};
    }

    /** The same residuals and columns in plain Java. */
    @Benchmark
    public double[][] handWrittenJacobian() {
        double a = POINT[0];
        double b = POINT[1];
        double c = POINT[2];
        double[] residuals = new double[rows];
        double[] da = new double[rows];
        double[] db = new double[rows];
        double[] dc = new double[rows];
        for (int i = 0; i < rows; i++) {
            // f = a e^{-b x} + c - y: df/da = e^{-b x}, df/db = -a x e^{-b x}, df/dc = 1
            double e = Math.exp(-b * x[i]);
            residuals[i] = a * e + c - y[i];
            da[i] = e;
            db[i] = -a * x[i] * e;
            dc[i] = 1.0;
        }
        return new double[][] {residuals, da, db, dc};
    }

    /** The engine's Jacobian plus the QR factorization of [J f], as one solver iteration. */
    @Benchmark
    public double linearize() {
        return problem.linearize(POINT).sumOfSquares();
    }

    /** A complete Levenberg-Marquardt fit from {@link #START}. */
    @Benchmark
    public FitResult wholeFit() {
        return new LevenbergMarquardt().fit(problem, START);
    }
}
