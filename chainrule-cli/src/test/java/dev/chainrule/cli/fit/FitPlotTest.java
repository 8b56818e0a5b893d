package dev.chainrule.cli.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitPlotTest {
    @TempDir
    Path directory;

    private static FitPlot.Series rows(int count) {
        double[] x = new double[count];
        Arrays.setAll(x, i -> i);
        double[] y = x.clone();
        double[] residuals = new double[count];
        Arrays.setAll(residuals, i -> Math.sin(i));
        return new FitPlot.Series("y ~ a*x", "row", "y", x, y, x, y, residuals);
    }

    @Test
    void seriesUpToTheLimitIsDrawnWhole() {
        FitPlot.Series series = rows(FitPlot.MAX_POINTS);

        assertSame(series, FitPlot.thinned(series));
    }

    @Test
    void largeSeriesKeepsEveryKthPointAndSaysSoInTheTitle() {
        FitPlot.Series thinned = FitPlot.thinned(rows(1_000_000));

        assertEquals("y ~ a*x (every 200th of 1000000 rows shown)", thinned.title());
        assertEquals(5_000, thinned.x().length);
        assertEquals(5_000, thinned.curveX().length);
        assertEquals(999_800.0, thinned.x()[4_999], 0.0);
        assertEquals(thinned.x().length, thinned.residuals().length);
    }

    @Test
    void svgOfManyRowsStaysSmall() throws IOException {
        Path svg = directory.resolve("big.svg");

        FitPlot.write(svg, rows(50_000));

        assertTrue(Files.size(svg) < 5_000_000, "size " + Files.size(svg));
    }
}
