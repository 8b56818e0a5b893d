package dev.chainrule.fit.nn;

import dev.chainrule.tensor.Tensor;
import java.util.Random;

/**
 * The two-moons toy set: two interleaved half circles, class 0 on {@code (cos t, sin t)} and
 * class 1 on {@code (1 - cos t, 1/2 - sin t)} for t in [0, pi], each point moved by Gaussian
 * noise. Seeded, so every test sees the same points.
 */
final class TwoMoons {
    private TwoMoons() {}

    /** {@code perClass} points of each class; inputs [2 perClass, 2], labels [2 perClass, 1]. */
    static Dataset generate(int perClass, double noise, long seed) {
        Random random = new Random(seed);
        int rows = 2 * perClass;
        double[] inputs = new double[rows * 2];
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            int label = i % 2;
            double t = Math.PI * random.nextDouble();
            double x = label == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double y = label == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            inputs[2 * i] = x + noise * random.nextGaussian();
            inputs[2 * i + 1] = y + noise * random.nextGaussian();
            labels[i] = label;
        }
        return new Dataset(Tensor.of(new int[] {rows, 2}, inputs),
                Tensor.of(new int[] {rows, 1}, labels));
    }
}
