package dev.chainrule.fit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Levenberg-Marquardt least squares after MINPACK's {@code lmder}: J. J. Moré, "The
 * Levenberg-Marquardt algorithm: implementation and theory", in G. A. Watson (ed.), Numerical
 * Analysis, Lecture Notes in Mathematics 630, Springer, 1978, pp. 105-116. The names follow
 * that paper and MINPACK: {@code fnorm} (norm of the residuals), {@code diag} (the scaling D),
 * {@code delta} (trust-region radius), {@code par} (the Levenberg-Marquardt parameter lambda),
 * {@code actred}, {@code prered} and {@code ratio} (actual and predicted relative reductions of
 * the sum of squares and their ratio), {@code xnorm} (||D x||), {@code pnorm} (||D p||),
 * {@code gnorm} (the largest cosine between the residuals and a Jacobian column).
 *
 * <p>Each iteration solves the trust-region subproblem: minimise ||J p + f|| subject to
 * ||D p|| <= delta. MINPACK solves it with a column-pivoted QR of J and a second QR per trial
 * lambda; here the triangular factor R of J (from {@link Linearization}) is scaled to
 * {@code A = R D^-1} and decomposed once by SVD (EJML), {@code A = U S V^T}, after which the
 * scaled step for any lambda is {@code D p = -V diag(s_i / (s_i^2 + lambda)) U^T Q^T f}: no
 * normal equations, and lambda is found by Moré's safeguarded Newton iteration on
 * {@code 1/||D p(lambda)|| = 1/delta} (section 5 of the paper) at negligible cost. Directions
 * with singular values below {@code n * eps * s_max} are dropped, which gives the minimum-norm
 * Gauss-Newton step when J is rank deficient.
 *
 * <p>Scaling: D is MINPACK's mode 1, the running maximum of the Jacobian's column norms, so the
 * iteration is invariant to the units of each parameter.
 *
 * <p>Bounds: a trial point outside the box {@code lower <= x <= upper} is projected onto it, and
 * the predicted reduction is recomputed for the projected step. This keeps every evaluation
 * inside the box but is not an active-set method: at a solution on a bound the gradient test
 * does not hold, and the fit stops on the step test instead. Standard errors at a bound are
 * those of the unconstrained linearization and should be read with care.
 *
 * <p>Stopping, as {@code lmder}: the relative reduction test (|actred| <= ftol and
 * prered <= ftol), the relative step test (delta <= xtol * xnorm), the orthogonality test
 * (gnorm <= gtol), a limit on iterations and on evaluations, and MINPACK's "tolerance too small"
 * cases, reported as {@link StopReason#MACHINE_PRECISION}. The default tolerances are much
 * tighter than MINPACK's (which are about 1.5e-8): an exact Jacobian makes them reachable, and
 * they give 6.4 or more correct digits on every parameter of the 19 NIST StRD problems in
 * examples/nist from both starts (see NistReferenceTest).
 *
 * <p>Stateless apart from its options; never prints. Use an {@link IterationListener} for
 * progress.
 */
public final class LevenbergMarquardt {
    /** MINPACK's initial step bound factor: delta starts at factor * ||D x0||. */
    private static final double FACTOR = 100.0;
    private static final double EPSMCH = Math.ulp(1.0);

    private final Options options;

    /** Solver options; see {@link Options#defaults()}. */
    public record Options(int maxIterations, int maxEvaluations, double ftol, double xtol,
            double gtol, double[] lower, double[] upper) {
        /**
         * @throws IllegalArgumentException for non-positive limits, negative tolerances, or
         *     bounds of different lengths or with a lower bound above its upper bound
         */
        public Options {
            if (maxIterations < 1 || maxEvaluations < 1) {
                throw new IllegalArgumentException("fit: iteration limit " + maxIterations
                        + " and evaluation limit " + maxEvaluations + " must be positive");
            }
            if (!(ftol >= 0) || !(xtol >= 0) || !(gtol >= 0)) {
                throw new IllegalArgumentException("fit: tolerances ftol=" + ftol + ", xtol="
                        + xtol + ", gtol=" + gtol + " must be non-negative");
            }
            if ((lower == null) != (upper == null)
                    || (lower != null && lower.length != upper.length)) {
                throw new IllegalArgumentException("fit: lower and upper bounds must both be"
                        + " given, with one entry per parameter");
            }
            if (lower != null) {
                lower = lower.clone();
                upper = upper.clone();
                for (int j = 0; j < lower.length; j++) {
                    if (!(lower[j] <= upper[j])) {
                        throw new IllegalArgumentException("fit: bound " + j + " has lower "
                                + lower[j] + " above upper " + upper[j]);
                    }
                }
            }
        }

        /**
         * 1000 iterations, 10000 evaluations, ftol 1e-16, xtol 1e-15, gtol 1e-16, no bounds:
         * tolerances at the level of double precision, so a fit runs until it cannot improve
         * (a few more iterations than MINPACK's defaults; each is cheap next to the data).
         */
        public static Options defaults() {
            return new Options(1000, 10000, 1e-16, 1e-15, 1e-16, null, null);
        }

        /** These options with another iteration limit. */
        public Options withMaxIterations(int limit) {
            return new Options(limit, maxEvaluations, ftol, xtol, gtol, lower, upper);
        }

        /** These options with other convergence tolerances. */
        public Options withTolerances(double newFtol, double newXtol, double newGtol) {
            return new Options(maxIterations, maxEvaluations, newFtol, newXtol, newGtol, lower,
                    upper);
        }

        /** These options with bounds (infinities for none), one pair per parameter. */
        public Options withBounds(double[] newLower, double[] newUpper) {
            return new Options(maxIterations, maxEvaluations, ftol, xtol, gtol, newLower,
                    newUpper);
        }

        @Override
        public double[] lower() {
            return lower == null ? null : lower.clone();
        }

        @Override
        public double[] upper() {
            return upper == null ? null : upper.clone();
        }
    }

    /** A solver with the given options. */
    public LevenbergMarquardt(Options options) {
        this.options = options;
    }

    /** A solver with {@link Options#defaults()}. */
    public LevenbergMarquardt() {
        this(Options.defaults());
    }

    /**
     * Fits without a listener; see
     * {@link #fit(LeastSquaresProblem, double[], IterationListener)}.
     */
    public FitResult fit(LeastSquaresProblem problem, double[] start) {
        return fit(problem, start, iteration -> { });
    }

    /**
     * Minimises the problem's sum of squares from {@code start}.
     *
     * @param start one value per parameter; not modified
     * @param listener called after each accepted step and once at the start
     * @return the solution with its uncertainties; {@link FitResult#converged()} says whether a
     *     convergence test held
     * @throws NonFiniteModelException when the model or its Jacobian is not finite at the start
     * @throws IllegalArgumentException when the start has the wrong length, is not finite, or
     *     lies outside the bounds, or when the sum of squares there overflows
     */
    public FitResult fit(LeastSquaresProblem problem, double[] start, IterationListener listener) {
        long started = System.nanoTime();
        int n = problem.parameterNames().size();
        double[] x = checkedStart(problem, start);
        Linearization lin = problem.linearize(x);
        if (!Double.isFinite(lin.sumOfSquares())) {
            // Every residual is finite (linearize checks), but their squares overflow: no
            // step could be judged, and the iteration would only spend its evaluations.
            throw new IllegalArgumentException("fit: the sum of squared residuals at the start"
                    + " overflows (residuals near 1e154 or larger); rescale the response and"
                    + " the model, for example by a power of ten");
        }
        int nfev = 1;
        int njev = 1;
        double fnorm = Math.sqrt(lin.sumOfSquares());
        int iteration = 0;
        listener.onIteration(new IterationListener.Iteration(0, lin.sumOfSquares(), 0.0,
                Double.NaN, x.clone(), nfev));

        double[] diag = new double[n];
        double delta = 0.0;
        double xnorm = 0.0;
        double par = 0.0;
        StopReason reason = null;
        while (reason == null) {
            if (fnorm == 0.0) {
                reason = StopReason.EXACT_FIT;
                break;
            }

            // Scaling: on the first iteration from the column norms, later their running max.
            double[] columnNorms = lin.columnNorms();
            if (iteration == 0) {
                for (int j = 0; j < n; j++) {
                    diag[j] = columnNorms[j] == 0.0 ? 1.0 : columnNorms[j];
                }
                xnorm = scaledNorm(diag, x);
                delta = xnorm == 0.0 ? FACTOR : FACTOR * xnorm;
            }

            // Orthogonality test: the largest cosine between f and a column of J.
            double gnorm = gradientCosine(lin, columnNorms, fnorm);
            if (gnorm <= options.gtol()) {
                reason = StopReason.GRADIENT;
                break;
            }
            for (int j = 0; j < n; j++) {
                diag[j] = Math.max(diag[j], columnNorms[j]);
            }
            ScaledSvd svd = new ScaledSvd(lin, diag);

            // Inner loop: shrink the trust region until a step reduces the sum of squares.
            double ratio = 0.0;
            while (ratio < 1e-4) {
                double[] scaledStep = svd.step(delta, par);
                par = svd.lastPar;
                double[] p = new double[n];
                double[] xTrial = new double[n];
                boolean projected = false;
                for (int j = 0; j < n; j++) {
                    p[j] = scaledStep[j] / diag[j];
                    xTrial[j] = project(j, x[j] + p[j]);
                    projected |= xTrial[j] != x[j] + p[j];
                }
                if (projected) {
                    for (int j = 0; j < n; j++) {
                        p[j] = xTrial[j] - x[j];
                    }
                }
                double pnorm = scaledNorm(diag, p);
                if (iteration == 0) {
                    delta = Math.min(delta, pnorm);
                }

                double fnorm1 = Math.sqrt(problem.sumOfSquares(xTrial));
                nfev++;
                double actred = -1.0;
                if (Double.isFinite(fnorm1) && 0.1 * fnorm1 < fnorm) {
                    actred = 1.0 - (fnorm1 / fnorm) * (fnorm1 / fnorm);
                }

                // Predicted reduction by the linear model ||f + J p||, relative to fnorm^2.
                double[] rp = lin.multiplyR(p);
                double temp1 = norm(rp) / fnorm;
                double prered;
                double dirder;
                if (projected) {
                    double directional = dot(rp, lin.qtfView()) / (fnorm * fnorm);
                    prered = -2.0 * directional - temp1 * temp1;
                    dirder = directional;
                } else {
                    double temp2 = Math.sqrt(par) * pnorm / fnorm;
                    prered = temp1 * temp1 + temp2 * temp2 / 0.5;
                    dirder = -(temp1 * temp1 + temp2 * temp2);
                }
                // A projected step can predict an increase (prered < 0); never accept it.
                ratio = prered > 0.0 ? actred / prered : 0.0;

                // Update the trust region as MINPACK does.
                if (ratio <= 0.25) {
                    double temp = actred >= 0.0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actred);
                    if (0.1 * fnorm1 >= fnorm || !Double.isFinite(fnorm1) || temp < 0.1) {
                        temp = 0.1;
                    }
                    delta = temp * Math.min(delta, pnorm / 0.1);
                    par = par / temp;
                } else if (par == 0.0 || ratio >= 0.75) {
                    delta = pnorm / 0.5;
                    par = 0.5 * par;
                }

                if (ratio >= 1e-4) {
                    try {
                        lin = problem.linearize(xTrial);
                    } catch (NonFiniteModelException e) {
                        reason = StopReason.NON_FINITE;
                        break;
                    }
                    x = xTrial;
                    xnorm = scaledNorm(diag, x);
                    fnorm = Math.sqrt(lin.sumOfSquares());
                    iteration++;
                    nfev++;
                    njev++;
                    listener.onIteration(new IterationListener.Iteration(iteration,
                            lin.sumOfSquares(), par, delta, x.clone(), nfev));
                }

                reason = convergence(actred, prered, ratio, delta, xnorm, gnorm);
                if (reason == null && (iteration >= options.maxIterations()
                        || nfev >= options.maxEvaluations())) {
                    reason = StopReason.ITERATION_LIMIT;
                }
                if (reason != null) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - started) * 1e-9;
        return Uncertainties.summarise(problem, x, lin, reason, iteration, nfev, njev,
                seconds);
    }

    private StopReason convergence(double actred, double prered, double ratio, double delta,
            double xnorm, double gnorm) {
        boolean smallReduction = Math.abs(actred) <= options.ftol() && prered <= options.ftol()
                && 0.5 * ratio <= 1.0;
        boolean smallStep = delta <= options.xtol() * xnorm;
        if (smallReduction && smallStep) {
            return StopReason.SUM_OF_SQUARES_AND_STEP;
        }
        if (smallReduction) {
            return StopReason.SUM_OF_SQUARES;
        }
        if (smallStep) {
            return StopReason.STEP;
        }
        boolean noReductionPossible = Math.abs(actred) <= EPSMCH && prered <= EPSMCH
                && 0.5 * ratio <= 1.0;
        if (noReductionPossible || delta <= EPSMCH * xnorm || gnorm <= EPSMCH) {
            return StopReason.MACHINE_PRECISION;
        }
        return null;
    }

    private double[] checkedStart(LeastSquaresProblem problem, double[] start) {
        int n = problem.parameterNames().size();
        if (start.length != n) {
            throw new IllegalArgumentException("fit: " + start.length + " starting values for "
                    + n + " parameters " + problem.parameterNames());
        }
        double[] lower = options.lower();
        double[] upper = options.upper();
        if (lower != null && lower.length != n) {
            throw new IllegalArgumentException("fit: " + lower.length + " bounds for " + n
                    + " parameters " + problem.parameterNames());
        }
        for (int j = 0; j < n; j++) {
            String name = problem.parameterNames().get(j);
            if (!Double.isFinite(start[j])) {
                throw new IllegalArgumentException(
                        "fit: starting value " + name + "=" + start[j] + " is not finite");
            }
            if (lower != null && (start[j] < lower[j] || start[j] > upper[j])) {
                throw new IllegalArgumentException("fit: starting value " + name + "="
                        + start[j] + " is outside its bounds [" + lower[j] + ", " + upper[j]
                        + "]");
            }
        }
        return start.clone();
    }

    private double project(int j, double value) {
        if (options.lower == null) {
            return value;
        }
        return Math.min(options.upper[j], Math.max(options.lower[j], value));
    }

    /** max_j |(J^T f)_j| / (||f|| ||J_j||), with J^T f = R^T Q^T f; 0 for zero columns. */
    private static double gradientCosine(Linearization lin, double[] columnNorms, double fnorm) {
        double[] gradient = lin.multiplyRTranspose(lin.qtfView());
        double gnorm = 0.0;
        for (int j = 0; j < gradient.length; j++) {
            if (columnNorms[j] != 0.0) {
                gnorm = Math.max(gnorm, Math.abs(gradient[j] / fnorm) / columnNorms[j]);
            }
        }
        return gnorm;
    }

    private static double scaledNorm(double[] diag, double[] v) {
        double[] scaled = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            scaled[j] = diag[j] * v[j];
        }
        return norm(scaled);
    }

    static double norm(double[] v) {
        double scale = 0.0;
        for (double value : v) {
            scale = Math.max(scale, Math.abs(value));
        }
        if (scale == 0.0 || !Double.isFinite(scale)) {
            return scale;
        }
        double sum = 0.0;
        for (double value : v) {
            sum += (value / scale) * (value / scale);
        }
        return scale * Math.sqrt(sum);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /**
     * The SVD of the scaled factor {@code A = R D^-1 = U S V^T} with {@code g = U^T Q^T f}, and
     * the Levenberg-Marquardt step for a trust region radius.
     */
    private static final class ScaledSvd {
        private final int n;
        private final double[] s;
        private final double[] g;
        private final DMatrixRMaj v;
        private final double cutoff;
        double lastPar;

        ScaledSvd(Linearization lin, double[] diag) {
            n = diag.length;
            DMatrixRMaj a = new DMatrixRMaj(n, n);
            double[] r = lin.r();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a.set(i, j, r[i * n + j] / diag[j]);
                }
            }
            SingularValueDecomposition_F64<DMatrixRMaj> svd =
                    DecompositionFactory_DDRM.svd(n, n, true, true, false);
            if (!svd.decompose(a)) {
                throw new IllegalStateException("fit: the SVD of the scaled Jacobian factor did"
                        + " not converge");
            }
            s = svd.getSingularValues().clone();
            DMatrixRMaj u = svd.getU(null, false);
            v = svd.getV(null, false);
            double[] qtf = lin.qtfView();
            g = new double[n];
            double sMax = 0.0;
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < n; i++) {
                    g[k] += u.get(i, k) * qtf[i];
                }
                sMax = Math.max(sMax, s[k]);
            }
            cutoff = n * EPSMCH * sMax;
        }

        /** ||D p(par)|| for the Levenberg-Marquardt parameter par >= 0. */
        private double stepNorm(double par) {
            double sum = 0.0;
            for (int k = 0; k < n; k++) {
                if (s[k] > cutoff) {
                    double component = s[k] * g[k] / (s[k] * s[k] + par);
                    sum += component * component;
                }
            }
            return Math.sqrt(sum);
        }

        /** Sum over k of s_k^2 g_k^2 / (s_k^2 + par)^3: minus ||z|| times d||z||/d par. */
        private double stepNormSlope(double par) {
            double sum = 0.0;
            for (int k = 0; k < n; k++) {
                if (s[k] > cutoff) {
                    double denominator = s[k] * s[k] + par;
                    sum += s[k] * s[k] * g[k] * g[k] / (denominator * denominator * denominator);
                }
            }
            return sum;
        }

        /**
         * The scaled step {@code z = D p} with ||z|| within 10% of delta, or the Gauss-Newton
         * step when that is shorter (par = 0). Leaves the chosen par in {@link #lastPar}.
         */
        double[] step(double delta, double parGuess) {
            double par = 0.0;
            double dxnorm = stepNorm(0.0);
            if (dxnorm - delta > 0.1 * delta) {
                // ||z(par)|| <= ||S g|| / par, so this par is an upper bound for the root.
                double sg = 0.0;
                for (int k = 0; k < n; k++) {
                    sg += s[k] * g[k] * s[k] * g[k];
                }
                double paru = Math.sqrt(sg) / delta;
                double parl = 0.0;
                par = parGuess > parl && parGuess < paru ? parGuess : 0.001 * paru;
                for (int iter = 0; iter < 60; iter++) {
                    dxnorm = stepNorm(par);
                    double fp = dxnorm - delta;
                    if (Math.abs(fp) <= 0.1 * delta) {
                        break;
                    }
                    if (fp > 0) {
                        parl = par;
                    } else {
                        paru = par;
                    }
                    // Newton's step for 1/||z(par)|| = 1/delta (Moré 1978, eq. 5.5).
                    double parc = fp / delta * dxnorm * dxnorm / stepNormSlope(par);
                    double next = par + parc;
                    par = next > parl && next < paru
                            ? next : Math.max(Math.sqrt(parl * paru), 0.001 * paru);
                }
            }
            lastPar = par;
            double[] z = new double[n];
            for (int k = 0; k < n; k++) {
                if (s[k] > cutoff) {
                    double coefficient = -s[k] * g[k] / (s[k] * s[k] + par);
                    for (int j = 0; j < n; j++) {
                        z[j] += v.get(j, k) * coefficient;
                    }
                }
            }
            return z;
        }
    }
}
