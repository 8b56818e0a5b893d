package dev.chainrule.cli.mlp;

import dev.chainrule.cli.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Training and validation loss per epoch on a logarithmic axis, drawn with XChart. */
final class LossPlot {
    private LossPlot() {}

    /**
     * Writes the chart to a .png or .svg file, atomically.
     *
     * @throws IllegalArgumentException when the extension is neither
     */
    static void write(Path file, String title, List<Double> training, List<Double> validation)
            throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw new IllegalArgumentException(
                    "loss plot file " + file + " must end in .png or .svg");
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("epoch").yAxisTitle("loss (standardised units)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        double[] epochs = new double[training.size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
        }
        chart.addSeries("training", epochs, positive(training));
        if (!validation.isEmpty() && !validation.get(0).isNaN()) {
            chart.addSeries("validation", epochs, positive(validation));
        }
        if (svg) {
            AtomicFiles.write(file, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        } else {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.write(file, out -> out.write(png));
        }
    }

    // A log axis cannot show 0: a loss of exactly 0 is drawn at the smallest positive double.
    private static double[] positive(List<Double> losses) {
        double[] values = new double[losses.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(losses.get(i), Double.MIN_NORMAL);
        }
        return values;
    }
}
