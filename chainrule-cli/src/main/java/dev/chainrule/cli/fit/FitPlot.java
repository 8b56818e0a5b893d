package dev.chainrule.cli.fit;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.chainrule.cli.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The picture of a fit, drawn with XChart: the data and the fitted curve above, the residuals
 * below, in one PNG or SVG file (chosen by the file's extension), written atomically.
 */
public final class FitPlot {
    private static final int WIDTH = 900;
    private static final int MAIN_HEIGHT = 500;
    private static final int RESIDUAL_HEIGHT = 250;
    /**
     * At most this many points per series are drawn: a 900-pixel-wide plot shows no more, XChart
     * draws about 4000 markers a second, and a million took half a minute and 300 MB of SVG.
     */
    static final int MAX_POINTS = 5_000;

    private FitPlot() {}

    /** The data one plot shows; the curve is the model on a fine grid of x, sorted by x. */
    public record Series(String title, String xName, String yName, double[] x, double[] y,
            double[] curveX, double[] curveY, double[] residuals) {}

    /**
     * @throws IllegalArgumentException when the extension is neither .png nor .svg
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Series series) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw new IllegalArgumentException("plot file " + file + " must end in .png or .svg");
        }
        Series shown = thinned(series);
        XYChart main = mainChart(shown);
        XYChart residuals = residualChart(shown);
        if (svg) {
            VectorGraphics2D graphics = new VectorGraphics2D();
            paint(graphics, main, residuals);
            PageSize page = new PageSize(0, 0, WIDTH, MAIN_HEIGHT + RESIDUAL_HEIGHT);
            AtomicFiles.write(file, out ->
                    new SVGProcessor().getDocument(graphics.getCommands(), page).writeTo(out));
        } else {
            BufferedImage image = new BufferedImage(WIDTH, MAIN_HEIGHT + RESIDUAL_HEIGHT,
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = image.createGraphics();
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                    RenderingHints.VALUE_ANTIALIAS_ON);
            paint(graphics, main, residuals);
            graphics.dispose();
            AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
        }
    }

    /**
     * The series with every k-th point only when it has more than {@link #MAX_POINTS}, and the
     * title saying so; the series itself otherwise.
     */
    static Series thinned(Series series) {
        int rows = series.x().length;
        int step = (rows + MAX_POINTS - 1) / MAX_POINTS;
        int curveStep = (series.curveX().length + MAX_POINTS - 1) / MAX_POINTS;
        if (step <= 1 && curveStep <= 1) {
            return series;
        }
        String title = step <= 1 ? series.title() : String.format(Locale.ROOT,
                "%s (every %d%s of %d rows shown)", series.title(), step, ordinalSuffix(step),
                rows);
        return new Series(title, series.xName(), series.yName(), every(series.x(), step),
                every(series.y(), step), every(series.curveX(), curveStep),
                every(series.curveY(), curveStep), every(series.residuals(), step));
    }

    private static double[] every(double[] values, int step) {
        double[] kept = new double[(values.length + step - 1) / step];
        for (int k = 0; k < kept.length; k++) {
            kept[k] = values[k * step];
        }
        return kept;
    }

    private static String ordinalSuffix(int number) {
        if (number % 100 >= 11 && number % 100 <= 13) {
            return "th";
        }
        return switch (number % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static void paint(Graphics2D graphics, XYChart main, XYChart residuals) {
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, WIDTH, MAIN_HEIGHT + RESIDUAL_HEIGHT);
        main.paint(graphics, WIDTH, MAIN_HEIGHT);
        Graphics2D lower = (Graphics2D) graphics.create(0, MAIN_HEIGHT, WIDTH, RESIDUAL_HEIGHT);
        residuals.paint(lower, WIDTH, RESIDUAL_HEIGHT);
        lower.dispose();
    }

    private static XYChart mainChart(Series series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(MAIN_HEIGHT)
                .title(series.title()).xAxisTitle(series.xName()).yAxisTitle(series.yName())
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        XYSeries data = chart.addSeries("data", series.x(), series.y());
        data.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        data.setMarker(SeriesMarkers.CIRCLE);
        XYSeries curve = chart.addSeries("fit", series.curveX(), series.curveY());
        curve.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        curve.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static XYChart residualChart(Series series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(RESIDUAL_HEIGHT)
                .xAxisTitle(series.xName()).yAxisTitle("residual").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        XYSeries residuals = chart.addSeries("residuals", series.x(), series.residuals());
        residuals.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        residuals.setMarker(SeriesMarkers.CIRCLE);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double x : series.x()) {
            low = Math.min(low, x);
            high = Math.max(high, x);
        }
        // XChart places ticks at data values on some ranges (-3.141592653589793, ...); a short
        // decimal pattern keeps the labels readable whatever positions it picks.
        chart.getStyler().setXAxisDecimalPattern("#.###");
        XYSeries zero = chart.addSeries("zero", new double[] {low, high}, new double[] {0, 0});
        zero.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineColor(Color.GRAY);
        return chart;
    }
}
