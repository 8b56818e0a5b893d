package dev.chainrule.bench;

/**
 * Mean squared error of an MLP 1-H-H-1 with tanh, and its gradient, written out by hand in
 * plain Java: the reference the engine is measured against. Matrices are row-major arrays;
 * products run in i-k-j order so the inner loop walks both operands contiguously.
 */
final class HandWrittenMlp {
    private HandWrittenMlp() {}

    /**
     * @param p {W1 [1,H], b1 [H], W2 [H,H], b2 [H], W3 [H,1], b3 [1]}
     * @return {loss}, then the gradient of each parameter in the order of {@code p}
     */
    static double[][] lossAndGradient(double[] x, double[] y, double[][] p) {
        int n = x.length;
        int h = p[1].length;
        double[] w1 = p[0];
        double[] b1 = p[1];
        double[] w2 = p[2];
        double[] b2 = p[3];
        double[] w3 = p[4];
        double b3 = p[5][0];

        // Forward: h1 = tanh(x W1 + b1), h2 = tanh(h1 W2 + b2), out = h2 W3 + b3.
        double[] h1 = new double[n * h];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < h; j++) {
                h1[i * h + j] = Math.tanh(x[i] * w1[j] + b1[j]);
            }
        }
        double[] h2 = new double[n * h];
        for (int i = 0; i < n; i++) {
            int row = i * h;
            System.arraycopy(b2, 0, h2, row, h);
            for (int k = 0; k < h; k++) {
                double a = h1[row + k];
                int wRow = k * h;
                for (int j = 0; j < h; j++) {
                    h2[row + j] += a * w2[wRow + j];
                }
            }
            for (int j = 0; j < h; j++) {
                h2[row + j] = Math.tanh(h2[row + j]);
            }
        }
        double loss = 0;
        double[] adjointOut = new double[n];
        for (int i = 0; i < n; i++) {
            double out = b3;
            for (int j = 0; j < h; j++) {
                out += h2[i * h + j] * w3[j];
            }
            double error = out - y[i];
            loss += error * error;
            adjointOut[i] = 2 * error / n;
        }
        loss /= n;

        // Backward through the output layer: dW3 = h2^T dout, db3 = sum dout, dh2 = dout W3^T.
        double[] gradW3 = new double[h];
        double gradB3 = 0;
        double[] adjointA2 = new double[n * h];
        for (int i = 0; i < n; i++) {
            double d = adjointOut[i];
            gradB3 += d;
            for (int j = 0; j < h; j++) {
                double activation = h2[i * h + j];
                gradW3[j] += activation * d;
                // through tanh: da2 = dh2 (1 - h2^2)
                adjointA2[i * h + j] = d * w3[j] * (1 - activation * activation);
            }
        }

        // Hidden layer 2: dW2 = h1^T da2, db2 = sum da2, dh1 = da2 W2^T.
        double[] gradW2 = new double[h * h];
        double[] gradB2 = new double[h];
        double[] adjointA1 = new double[n * h];
        for (int i = 0; i < n; i++) {
            int row = i * h;
            for (int k = 0; k < h; k++) {
                double a = h1[row + k];
                int wRow = k * h;
                double dot = 0;
                for (int j = 0; j < h; j++) {
                    double d = adjointA2[row + j];
                    gradW2[wRow + j] += a * d;
                    dot += d * w2[wRow + j];
                }
                adjointA1[row + k] = dot * (1 - a * a);
            }
            for (int j = 0; j < h; j++) {
                gradB2[j] += adjointA2[row + j];
            }
        }

        // Hidden layer 1: dW1 = x^T da1, db1 = sum da1.
        double[] gradW1 = new double[h];
        double[] gradB1 = new double[h];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < h; j++) {
                double d = adjointA1[i * h + j];
                gradW1[j] += x[i] * d;
                gradB1[j] += d;
            }
        }
        return new double[][] {{loss}, gradW1, gradB1, gradW2, gradB2, gradW3, {gradB3}};
    }
}
