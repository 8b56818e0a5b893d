package dev.chainrule.autodiff;

import static dev.chainrule.autodiff.Tolerances.FINITE_DIFFERENCE;
import static dev.chainrule.autodiff.Tolerances.SECOND_ORDER;
import static dev.chainrule.autodiff.Tolerances.assertPasses;

import dev.chainrule.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Reductions, shape ops and linear algebra against central finite differences, in reverse
 * mode, forward mode, along a random direction and by the inner-product identity (all four in
 * each {@link GradientCheck} report), plus at least one Hessian per family. Points are seeded
 * normal samples: their elements are distinct, so max and min are away from ties.
 */
class TensorOpsGradientCheckTest {
    private static Tensor sample(long seed, int... shape) {
        return Tensor.randomNormal(seed, 0, 1, shape);
    }

    private static void check(Function<Var, Var> function, Tensor x) {
        assertPasses(GradientCheck.check(function, x), FINITE_DIFFERENCE);
    }

    private static void check(Function<Var[], Var> function, Tensor... xs) {
        assertPasses(GradientCheck.check(function, xs), FINITE_DIFFERENCE);
    }

    private static void checkHessian(Function<Var, Var> function, Tensor x) {
        assertPasses(GradientCheck.checkHessian(function, x), SECOND_ORDER);
    }

    @Nested
    class Reductions {
        private final Tensor cube = sample(1, 2, 3, 4);

        @Test
        void sum() {
            check(x -> x.sum(), cube);
            check(x -> x.sum(new int[] {0, 2}, true), cube);
            check(x -> x.sum(new int[] {1}, false), cube);
        }

        @Test
        void mean() {
            check(x -> x.mean(), cube);
            check(x -> x.mean(new int[] {-1}, false), cube);
        }

        @Test
        void maxAndMin() {
            check(x -> x.max(), cube);
            check(x -> x.max(new int[] {0, 2}, false), cube);
            check(x -> x.min(new int[] {1}, true), cube);
        }

        @Test
        void prod() {
            Tensor x0 = Tensor.randomUniform(2, 0.5, 1.5, 2, 3, 4);
            check(x -> x.prod(), x0);
            check(x -> x.prod(new int[] {0, 2}, true), x0);
            check(x -> x.prod(new int[] {1}, false), x0);
        }

        @Test
        void logsumexp() {
            check(x -> x.logsumexp(), cube);
            check(x -> x.logsumexp(new int[] {1, 2}, false), cube);
        }

        @Test
        void softmaxAndLogSoftmax() {
            check(x -> x.softmax(-1), cube);
            check(x -> x.softmax(0), cube);
            check(x -> x.logSoftmax(1), cube);
        }

        @Test
        void hessianOfLogsumexp() {
            checkHessian(x -> x.logsumexp(), sample(3, 5));
            checkHessian(x -> x.logsumexp(new int[] {1}, false).square().sum(), sample(4, 2, 3));
        }

        @Test
        void hessianOfSoftmaxCrossEntropy() {
            Tensor target = Tensor.vector(0, 1, 0, 0);
            checkHessian(x -> x.logSoftmax(0).mul(Var.constant(target)).sum().neg(),
                    sample(5, 4));
        }

        @Test
        void hessianOfProdAlongAnAxis() {
            checkHessian(x -> x.prod(new int[] {1}, false).sum(),
                    Tensor.randomUniform(6, 0.5, 1.5, 2, 3));
            checkHessian(x -> x.prod(), Tensor.randomUniform(7, -1.5, 1.5, 4));
        }

        @Test
        void hessianOfMeanAndMaxComposition() {
            // max is piecewise linear: its own second derivative is 0, the square's is not.
            checkHessian(x -> x.max(new int[] {0}, false).square().mean(), sample(8, 3, 2));
        }
    }

    @Nested
    class ShapeOps {
        private final Tensor cube = sample(11, 2, 3, 4);

        @Test
        void reshapeTransposePermute() {
            check(x -> x.reshape(4, 6).exp(), cube);
            check(x -> x.transpose().mul(Var.constant(sample(12, 2, 4, 3))), cube);
            check(x -> x.permute(2, 0, 1).mul(Var.constant(sample(13, 4, 2, 3))), cube);
        }

        @Test
        void broadcastToAndSumTo() {
            check(x -> x.broadcastTo(2, 3, 4).mul(Var.constant(cube)), sample(14, 3, 1));
            check(x -> x.sumTo(3, 1), cube);
        }

        @Test
        void sliceAndGather() {
            check(x -> x.slice(1, 1, 3), cube);
            check(x -> x.slice(-1, 0, 2).exp(), cube);
            check(x -> x.gather(2, 3, 0, 3, 1).mul(Var.constant(sample(15, 2, 3, 4))), cube);
            check(x -> x.gather(0, 1, 1, 1), cube);
        }

        @Test
        void concatAndStack() {
            check(xs -> Var.concat(1, xs[0], xs[1]).exp(), sample(16, 2, 3), sample(17, 2, 1));
            check(xs -> Var.concat(0, xs[0], xs[1], xs[0]), sample(18, 1, 3), sample(19, 2, 3));
            check(xs -> Var.stack(1, xs[0], xs[1]).tanh(), sample(20, 2, 3), sample(21, 2, 3));
            check(xs -> Var.stack(-1, xs[0], xs[1]), sample(22, 3), sample(23, 3));
        }

        @Test
        void hessianThroughShapeOps() {
            checkHessian(x -> Var.concat(0, x.slice(0, 1, 3), x.gather(0, 0, 0, 2))
                            .permute(1, 0).square().exp().sum(),
                    sample(24, 3, 2).mul(0.5));
            checkHessian(x -> Var.stack(0, x, x.square()).transpose().tanh().sum(),
                    sample(25, 2, 2));
        }
    }

    @Nested
    class LinearAlgebra {
        @Test
        void matmulTwoDimensional() {
            check(xs -> xs[0].matmul(xs[1]), sample(31, 3, 4), sample(32, 4, 2));
        }

        @Test
        void matmulBatchedByMatrix() {
            check(xs -> xs[0].matmul(xs[1]), sample(33, 2, 3, 4), sample(34, 4, 5));
        }

        @Test
        void matmulBatchedByBatched() {
            check(xs -> xs[0].matmul(xs[1]), sample(35, 2, 3, 4), sample(36, 2, 4, 5));
            check(xs -> xs[0].matmul(xs[1]), sample(37, 2, 1, 3, 4), sample(38, 3, 4, 2));
        }

        @Test
        void matmulWithVectors() {
            check(xs -> xs[0].matmul(xs[1]), sample(39, 3, 4), sample(40, 4));
            check(xs -> xs[0].matmul(xs[1]), sample(41, 4), sample(42, 4, 5));
            check(xs -> xs[0].matmul(xs[1]), sample(43, 2, 3, 4), sample(44, 4));
        }

        @Test
        void dotOuterNorm() {
            check(xs -> xs[0].dot(xs[1]), sample(45, 5), sample(46, 5));
            check(xs -> xs[0].outer(xs[1]), sample(47, 3), sample(48, 2));
            check(x -> x.norm(), sample(49, 2, 3));
        }

        @Test
        void hessianOfMatmulTanhComposition() {
            Tensor weights = sample(50, 4, 3);
            checkHessian(x -> {
                Var matrix = x.reshape(3, 4);
                return matrix.matmul(Var.constant(weights)).tanh().matmul(matrix).sum();
            }, sample(51, 12).mul(0.5));
        }

        @Test
        void hessianOfGramMatrixUsesTransposedProducts() {
            checkHessian(x -> {
                Var matrix = x.reshape(2, 3);
                return matrix.matmul(matrix.transpose()).tanh().sum();
            }, sample(52, 6).mul(0.5));
        }

        @Test
        void hessianOfBatchedMatmul() {
            Tensor right = sample(53, 3, 2);
            checkHessian(x -> x.reshape(2, 2, 3).matmul(Var.constant(right)).square().sum()
                    .mul(x.sum()), sample(54, 12).mul(0.5));
        }

        @Test
        void hessianOfNormAndDot() {
            checkHessian(x -> x.norm(), sample(55, 4));
            checkHessian(x -> x.dot(x.exp()), sample(56, 3));
        }
    }
}
