package dev.chainrule.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevenbergMarquardtTest {
    private static final long SEED = 20261204L;
    private static final Tensor X = Tensor.linspace(0.0, 5.0, 60);

    /** a*exp(-b*x)+c with data columns as constants. */
    private static Var decay(Var[] p) {
        return p[0].mul(p[1].neg().mul(Var.constant(X)).exp()).add(p[2]);
    }

    private static Tensor decayData(double a, double b, double c, double noise) {
        Tensor clean = X.map(x -> a * Math.exp(-b * x) + c);
        return noise == 0 ? clean : clean.add(Tensor.randomNormal(SEED, 0.0, noise, 60));
    }

    @Test
    void noiseFreeDataGiveTheGeneratingParameters() {
        ModelProblem problem = ModelProblem.of(List.of("a", "b", "c"),
                LevenbergMarquardtTest::decay, decayData(3.0, 0.7, 0.5, 0.0));

        FitResult fit = new LevenbergMarquardt().fit(problem, new double[] {1, 1, 0});

        assertTrue(fit.converged(), fit.reason().toString());
        assertEquals(3.0, fit.value("a"), 1e-10);
        assertEquals(0.7, fit.value("b"), 1e-10);
        assertEquals(0.5, fit.value("c"), 1e-10);
    }

    @Test
    void noisyDataGiveParametersWithinFourStandardErrors() {
        ModelProblem problem = ModelProblem.of(List.of("a", "b", "c"),
                LevenbergMarquardtTest::decay, decayData(3.0, 0.7, 0.5, 0.05));

        FitResult fit = new LevenbergMarquardt().fit(problem, new double[] {1, 1, 0});

        double[] truth = {3.0, 0.7, 0.5};
        for (int j = 0; j < 3; j++) {
            assertTrue(Math.abs(fit.values()[j] - truth[j]) < 4 * fit.standardErrors()[j],
                    "parameter " + j + " = " + fit.values()[j] + " +- " + fit.standardErrors()[j]
                            + " (seed " + SEED + ")");
        }
        assertEquals(57, fit.degreesOfFreedom());
        assertEquals(0.05, fit.residualSd(), 0.015);
        assertTrue(fit.rSquared() > 0.99 && fit.rSquared() < 1.0, "R^2 " + fit.rSquared());
    }

    @Test
    void rowsOfWeightZeroGiveTheSameFitAndErrorsAsLeavingThemOut() {
        // The first 20 rows get weight 0: the fit must equal the one on the other 40 rows,
        // standard errors and degrees of freedom included (40 - 3 = 37, not 60 - 3).
        Tensor y = decayData(3.0, 0.7, 0.5, 0.05);
        double[] weights = new double[60];
        java.util.Arrays.fill(weights, 20, 60, 1.0);
        ModelProblem weighted = ModelProblem.of(List.of("a", "b", "c"),
                LevenbergMarquardtTest::decay, y, Tensor.vector(weights));
        Tensor kept = Tensor.vector(java.util.Arrays.copyOfRange(X.toArray(), 20, 60));
        ModelProblem subset = ModelProblem.of(List.of("a", "b", "c"),
                p -> p[0].mul(p[1].neg().mul(Var.constant(kept)).exp()).add(p[2]),
                Tensor.vector(java.util.Arrays.copyOfRange(y.toArray(), 20, 60)));

        FitResult withZeros = new LevenbergMarquardt().fit(weighted, new double[] {1, 1, 0});
        FitResult without = new LevenbergMarquardt().fit(subset, new double[] {1, 1, 0});

        assertEquals(37, withZeros.degreesOfFreedom());
        assertEquals(40, withZeros.observations());
        // Both stop on the sum-of-squares test, so the values agree to about sqrt(ftol).
        for (int j = 0; j < 3; j++) {
            assertEquals(without.values()[j], withZeros.values()[j],
                    1e-6 * Math.abs(without.values()[j]));
            assertEquals(without.standardErrors()[j], withZeros.standardErrors()[j],
                    1e-6 * without.standardErrors()[j]);
        }
    }

    @Test
    void problemWithFewerNonZeroWeightsThanParametersIsRejected() {
        double[] weights = new double[60];
        weights[7] = 1.0;

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ModelProblem.of(List.of("a", "b", "c"), LevenbergMarquardtTest::decay,
                        decayData(3.0, 0.7, 0.5, 0.0), Tensor.vector(weights)));

        assertEquals("fit: only 1 of 60 rows have a non-zero weight, fewer than the 3"
                + " parameters [a, b, c]; a fit needs at least as many weighted rows as"
                + " parameters", error.getMessage());
    }

    @Test
    void eachNonIdentifiableParameterIsReportedInExactlyOneGroup() {
        // a*x + b + c with u and w unused: null directions b - c, u and w. Unused parameters
        // used to join every group, so [b, c, u, w] was reported three times.
        ModelProblem problem = ModelProblem.of(List.of("a", "b", "c", "u", "w"),
                p -> p[0].mul(Var.constant(X)).add(p[1]).add(p[2]),
                X.mul(2.0).add(decayData(0, 0, 1, 0.01)));

        FitResult fit = new LevenbergMarquardt().fit(problem, new double[] {1, 1, 1, 1, 1});

        assertEquals(2, fit.rank());
        assertEquals(List.of(List.of("u"), List.of("w"), List.of("b", "c")),
                fit.nonIdentifiable());
        assertTrue(Double.isFinite(fit.standardError("a")));
    }

    @Test
    void residualsTooLargeToSquareAreRefusedAtTheStart() {
        // Each residual is about 1e200, finite, but its square is not: the iteration used to
        // spend all 10000 evaluations and report NOT CONVERGED with every number n/a.
        ModelProblem problem = ModelProblem.of(List.of("a"), p -> p[0].mul(Var.constant(X)),
                X.mul(1e200));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new LevenbergMarquardt().fit(problem, new double[] {1}));

        assertTrue(error.getMessage().startsWith("fit: the sum of squared residuals at the"
                + " start overflows"), error.getMessage());
    }

    @Test
    void zeroDegreesOfFreedomGiveNaNErrorsButFiniteCorrelations() {
        // A line through two points: exact, dof 0, so s^2 and the errors are undefined; the
        // correlation of (a, b) for x = 1, 2 is -3/sqrt(10) whatever s^2 is.
        Tensor x = Tensor.vector(1, 2);
        ModelProblem problem = ModelProblem.of(List.of("a", "b"),
                p -> p[0].add(p[1].mul(Var.constant(x))), Tensor.vector(2, 5));

        FitResult fit = new LevenbergMarquardt().fit(problem, new double[] {0, 0});

        assertEquals(0, fit.degreesOfFreedom());
        assertTrue(Double.isNaN(fit.standardError("a")));
        assertTrue(Double.isNaN(fit.ci95Lower()[1]));
        assertEquals(-3 / Math.sqrt(10), fit.correlation()[0][1], 1e-12);
        assertEquals(3.0, fit.value("b"), 1e-12);
    }

    @Test
    void productOfTwoParametersIsReportedAsNotIdentifiable() {
        // Only b1*b2 affects the model, so J has rank 1 with null direction (b1, -b2).
        ModelProblem problem = ModelProblem.of(List.of("b1", "b2"),
                p -> p[0].mul(p[1]).mul(Var.constant(X)), X.mul(2.0));

        FitResult fit = new LevenbergMarquardt().fit(problem, new double[] {1, 1});

        assertEquals(1, fit.rank());
        assertEquals(List.of(List.of("b1", "b2")), fit.nonIdentifiable());
        assertEquals(2.0, fit.value("b1") * fit.value("b2"), 1e-10);
        assertTrue(Double.isNaN(fit.standardError("b1")));
    }

    @Test
    void parameterWithoutEffectIsReportedAsNotIdentifiable() {
        ModelProblem problem = ModelProblem.of(List.of("a", "unused"),
                p -> p[0].mul(Var.constant(X)), X.mul(2.0).add(decayData(0, 0, 0, 0.01)));

        FitResult fit = new LevenbergMarquardt().fit(problem, new double[] {1, 5});

        assertEquals(List.of(List.of("unused")), fit.nonIdentifiable());
        assertTrue(Double.isFinite(fit.standardError("a")));
        assertEquals(5.0, fit.value("unused"), 0.0);
    }

    @Test
    void boundKeepsParameterInsideTheBox() {
        // Unconstrained, c would be 0.5; the bound c <= 0.2 holds it at 0.2.
        ModelProblem problem = ModelProblem.of(List.of("a", "b", "c"),
                LevenbergMarquardtTest::decay, decayData(3.0, 0.7, 0.5, 0.0));
        double inf = Double.POSITIVE_INFINITY;
        LevenbergMarquardt solver = new LevenbergMarquardt(LevenbergMarquardt.Options.defaults()
                .withBounds(new double[] {-inf, -inf, -inf}, new double[] {inf, inf, 0.2}));

        FitResult fit = solver.fit(problem, new double[] {1, 1, 0});

        assertEquals(0.2, fit.value("c"), 1e-12);
        assertTrue(fit.value("c") <= 0.2);
    }

    @Test
    void iterationLimitStopsWithoutConverging() {
        ModelProblem problem = ModelProblem.of(List.of("a", "b", "c"),
                LevenbergMarquardtTest::decay, decayData(3.0, 0.7, 0.5, 0.05));
        LevenbergMarquardt solver =
                new LevenbergMarquardt(LevenbergMarquardt.Options.defaults().withMaxIterations(2));

        FitResult fit = solver.fit(problem, new double[] {1, 1, 0});

        assertFalse(fit.converged());
        assertEquals(StopReason.ITERATION_LIMIT, fit.reason());
        assertEquals(2, fit.iterations());
    }

    @Test
    void modelNotFiniteAtTheStartNamesTheRowAndParameters() {
        // 1/(b - x) is infinite where x = b: with b = x[24] = 5 * 24 / 59, at row 25.
        Tensor x = Tensor.linspace(0.0, 5.0, 60);
        ModelProblem problem = ModelProblem.of(List.of("b"),
                p -> Var.constant(1.0).div(p[0].sub(Var.constant(x))), x);

        NonFiniteModelException error = assertThrows(NonFiniteModelException.class,
                () -> new LevenbergMarquardt().fit(problem, new double[] {5.0 * 24 / 59}));

        assertEquals(24, error.row());
        assertEquals(null, error.parameter());
        assertTrue(error.getMessage().contains("at row 25 with b="), error.getMessage());
    }

    @Test
    void listenerSeesEveryAcceptedStepWithFallingSumOfSquares() {
        ModelProblem problem = ModelProblem.of(List.of("a", "b", "c"),
                LevenbergMarquardtTest::decay, decayData(3.0, 0.7, 0.5, 0.05));
        List<IterationListener.Iteration> seen = new ArrayList<>();

        FitResult fit = new LevenbergMarquardt().fit(problem, new double[] {1, 1, 0}, seen::add);

        assertEquals(fit.iterations() + 1, seen.size());
        for (int k = 1; k < seen.size(); k++) {
            assertTrue(seen.get(k).sumOfSquares() <= seen.get(k - 1).sumOfSquares());
        }
    }

    @Test
    void partitionedProblemGivesTheSameFitAsTheWholeProblem() {
        Tensor y = decayData(3.0, 0.7, 0.5, 0.05);
        ModelProblem whole = ModelProblem.of(List.of("a", "b", "c"),
                LevenbergMarquardtTest::decay, y);
        LeastSquaresProblem partitioned = new PartitionedProblem(y, 4);

        FitResult expected = new LevenbergMarquardt().fit(whole, new double[] {1, 1, 0});
        FitResult actual = new LevenbergMarquardt().fit(partitioned, new double[] {1, 1, 0});

        for (int j = 0; j < 3; j++) {
            assertEquals(expected.values()[j], actual.values()[j],
                    1e-9 * Math.abs(expected.values()[j]));
            assertEquals(expected.standardErrors()[j], actual.standardErrors()[j],
                    1e-7 * expected.standardErrors()[j]);
        }
    }

    @Test
    void forwardModeJacobianMatchesCentralDifferences() {
        ModelProblem problem = ModelProblem.of(List.of("a", "b", "c"),
                LevenbergMarquardtTest::decay, decayData(3.0, 0.7, 0.5, 0.05));
        double[] point = {2.0, 0.4, 1.0};
        double[] r = problem.linearize(point).r();

        // J^T J = R^T R; compare with J from central differences, step cbrt(eps) * max(1, |p|).
        double[][] columns = new double[3][];
        for (int j = 0; j < 3; j++) {
            double h = Math.cbrt(Math.ulp(1.0)) * Math.max(1.0, Math.abs(point[j]));
            double[] up = point.clone();
            double[] down = point.clone();
            up[j] += h;
            down[j] -= h;
            double[] fUp = problem.residuals(up);
            double[] fDown = problem.residuals(down);
            columns[j] = new double[fUp.length];
            for (int i = 0; i < fUp.length; i++) {
                columns[j][i] = (fUp[i] - fDown[i]) / (2 * h);
            }
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double expected = 0.0;
                for (int i = 0; i < columns[a].length; i++) {
                    expected += columns[a][i] * columns[b][i];
                }
                double actual = 0.0;
                for (int k = 0; k < 3; k++) {
                    actual += r[k * 3 + a] * r[k * 3 + b];
                }
                assertEquals(expected, actual, 1e-8 + 1e-6 * Math.abs(expected),
                        "(J^T J)[" + a + "][" + b + "]");
            }
        }
    }

    /**
     * The decay problem split into row partitions that are linearized separately and combined
     * with {@link Linearization#stack}, as a distributed implementation would.
     */
    private static final class PartitionedProblem implements LeastSquaresProblem {
        private final List<ModelProblem> parts = new ArrayList<>();

        PartitionedProblem(Tensor y, int partitions) {
            double[] xs = X.toArray();
            double[] ys = y.toArray();
            int size = xs.length / partitions;
            for (int k = 0; k < partitions; k++) {
                double[] xPart = java.util.Arrays.copyOfRange(xs, k * size, (k + 1) * size);
                double[] yPart = java.util.Arrays.copyOfRange(ys, k * size, (k + 1) * size);
                Var column = Var.constant(Tensor.vector(xPart));
                parts.add(ModelProblem.of(List.of("a", "b", "c"),
                        p -> p[0].mul(p[1].neg().mul(column).exp()).add(p[2]),
                        Tensor.vector(yPart)));
            }
        }

        @Override
        public List<String> parameterNames() {
            return List.of("a", "b", "c");
        }

        @Override
        public int observationCount() {
            return parts.stream().mapToInt(ModelProblem::observationCount).sum();
        }

        @Override
        public double sumOfSquares(double[] parameters) {
            return parts.stream().mapToDouble(part -> part.sumOfSquares(parameters)).sum();
        }

        @Override
        public Linearization linearize(double[] parameters) {
            return Linearization.stack(
                    parts.stream().map(part -> part.linearize(parameters)).toList());
        }
    }
}
