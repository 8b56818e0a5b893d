package dev.chainrule.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Standard errors, confidence intervals, correlations and rank at a solution, from the
 * linearization there.
 *
 * <p>With D the Jacobian's column norms and {@code R D^-1 = U S V^T}:
 * {@code (J^T J)^-1 = (R^T R)^-1 = D^-1 V S^-2 V^T D^-1}. The column scaling makes the rank
 * decision independent of the parameters' units; singular values at most
 * {@code RANK_TOLERANCE * s_max} count as zero.
 */
final class Uncertainties {
    /**
     * Relative singular-value cutoff, well below what real ill-conditioned problems reach (the
     * column-scaled Jacobians of all NIST StRD problems here have full rank by it, as their
     * certified standard errors are reproduced), well above rounding noise (about 1e-16).
     */
    static final double RANK_TOLERANCE = 1e-13;
    /** A parameter belongs to a null direction when its component there exceeds this. */
    private static final double NULL_COMPONENT = 0.1;

    private Uncertainties() {}

    static FitResult summarise(LeastSquaresProblem problem, double[] x, Linearization lin,
            StopReason reason, int iterations, int nfev, int njev, double seconds) {
        List<String> names = problem.parameterNames();
        int n = x.length;
        // Rows of weight 0 are not observations: they would inflate dof and shrink the errors.
        int m = problem.weightedObservationCount();
        int dof = m - n;
        double rss = lin.sumOfSquares();
        double sigmaSquared = dof > 0 ? rss / dof : Double.NaN;

        double[] columnNorms = lin.columnNorms();
        double[] scale = new double[n];
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        double[] r = lin.r();
        for (int j = 0; j < n; j++) {
            scale[j] = columnNorms[j] == 0.0 ? 1.0 : columnNorms[j];
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.set(i, j, r[i * n + j] / scale[j]);
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(n, n, false, true, false);
        if (!svd.decompose(a)) {
            throw new IllegalStateException("fit: the SVD of the Jacobian factor at the solution"
                    + " did not converge");
        }
        double[] s = svd.getSingularValues();
        DMatrixRMaj v = svd.getV(null, false);
        double sMax = Arrays.stream(s).max().orElse(0.0);

        // Null directions name the non-identifiable parameters; they get NaN uncertainties.
        // A parameter without any effect (zero column) is a group of its own; directions that
        // share a parameter are one group, so that no parameter is reported twice.
        boolean[] undetermined = new boolean[n];
        List<Set<Integer>> groups = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (columnNorms[j] == 0.0) {
                groups.add(new TreeSet<>(List.of(j)));
                undetermined[j] = true;
            }
        }
        int rank = 0;
        for (int k = 0; k < n; k++) {
            if (s[k] > RANK_TOLERANCE * sMax) {
                rank++;
                continue;
            }
            Set<Integer> group = new TreeSet<>();
            for (int j = 0; j < n; j++) {
                if (Math.abs(v.get(j, k)) > NULL_COMPONENT && columnNorms[j] != 0.0) {
                    group.add(j);
                    undetermined[j] = true;
                }
            }
            for (int g = groups.size() - 1; g >= 0 && !group.isEmpty(); g--) {
                if (!Collections.disjoint(groups.get(g), group)) {
                    group.addAll(groups.remove(g));
                }
            }
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        List<List<String>> nonIdentifiable = new ArrayList<>();
        for (Set<Integer> group : groups) {
            nonIdentifiable.add(group.stream().map(names::get).toList());
        }

        // (J^T J)^-1 = D^-1 V S^-2 V^T D^-1 over the kept singular values; the covariance is
        // s^2 times it, the correlation does not depend on s^2 (so it exists for exact fits).
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int k = 0; k < n; k++) {
                    if (s[k] > RANK_TOLERANCE * sMax) {
                        sum += v.get(i, k) * v.get(j, k) / (s[k] * s[k]);
                    }
                }
                inverse[i][j] = sum / (scale[i] * scale[j]);
            }
        }

        double t = dof > 0 ? StudentT.quantile(0.975, dof) : Double.NaN;
        double[] standardErrors = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int j = 0; j < n; j++) {
            standardErrors[j] = undetermined[j]
                    ? Double.NaN : Math.sqrt(sigmaSquared * inverse[j][j]);
            lower[j] = x[j] - t * standardErrors[j];
            upper[j] = x[j] + t * standardErrors[j];
        }
        double[][] correlation = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                correlation[i][j] = undetermined[i] || undetermined[j] ? Double.NaN
                        : i == j ? 1.0
                        : inverse[i][j] / Math.sqrt(inverse[i][i] * inverse[j][j]);
            }
        }

        double residualSd = Math.sqrt(sigmaSquared);
        double rSquared = 1.0 - rss / problem.totalSumOfSquares();
        return new FitResult(names, x.clone(), standardErrors, lower, upper, correlation, rss,
                residualSd, rSquared, m, dof, rank, List.copyOf(nonIdentifiable), reason,
                iterations, nfev, njev, seconds);
    }
}
