package dev.chainrule.fit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chainrule.autodiff.GradMode;
import dev.chainrule.autodiff.Var;
import dev.chainrule.formula.Formula;
import dev.chainrule.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NIST StRD nonlinear regression problems (public domain, U.S. National Institute of
 * Standards and Technology; the data and certified values are in examples/nist) fitted from
 * both official starting points through their formula strings, with accuracy measured as the
 * log relative error (LRE, correct significant digits) against the certified values.
 *
 * <p>Requirements: LRE >= 6 for every parameter and for the residual sum of squares (except
 * Lanczos1, whose certified sum of squares, about 1.4e-25, is below what double precision can
 * reach for its data; see examples/nist/README.md), and LRE >= 3 for every standard error.
 * A table of all LREs is printed after the run and written to target/nist-lre.txt.
 *
 * <p>Lanczos1's standard errors are proportional to the square root of its sum of squares, so
 * they inherit its limit: they match to 3.06 and 3.15 digits here, just above the requirement
 * (a different exp implementation could move them by a few hundredths). Its
 * residuals (about 1e-13) are differences of model values near 1, so they carry rounding errors
 * of a few parts in a thousand whatever the fitter does.
 */
class NistReferenceTest {
    private static final Path DATA = Path.of("..", "examples", "nist");
    private static final double PARAMETER_DIGITS = 6.0;
    private static final double RSS_DIGITS = 6.0;
    private static final double STANDARD_ERROR_DIGITS = 3.0;
    private static final List<String> REPORT = new ArrayList<>();

    static Stream<Arguments> problems() throws IOException {
        JsonNode all = new ObjectMapper().readTree(DATA.resolve("problems.json").toFile());
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode problem : all) {
            cases.add(Arguments.of(problem.get("name").asText(), 1, problem));
            cases.add(Arguments.of(problem.get("name").asText(), 2, problem));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} from start {1}")
    @MethodSource("problems")
    void fitMatchesCertifiedValues(String name, int start, JsonNode problem) throws IOException {
        List<String> parameters = strings(problem.get("params"));
        Map<String, Tensor> columns = readColumns(DATA.resolve(problem.get("data_file").asText()));
        Formula model = Formula.parse(problem.get("formula").asText());
        Formula response = Formula.parse(problem.get("response").asText());
        Map<String, Var> data = new HashMap<>();
        columns.forEach((column, values) -> data.put(column, Var.constant(values)));
        Tensor y;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            y = response.evaluate(data).value();
        }
        ModelProblem leastSquares = ModelProblem.of(parameters, values -> {
            Map<String, Var> bindings = new HashMap<>(data);
            for (int j = 0; j < values.length; j++) {
                bindings.put(parameters.get(j), values[j]);
            }
            return model.evaluate(bindings);
        }, y);

        FitResult fit = new LevenbergMarquardt()
                .fit(leastSquares, doubles(problem.get("start" + start)));

        double[] certified = doubles(problem.get("certified_values"));
        double[] certifiedErrors = doubles(problem.get("certified_std_devs"));
        double worstValue = Double.POSITIVE_INFINITY;
        double worstError = Double.POSITIVE_INFINITY;
        for (int j = 0; j < certified.length; j++) {
            worstValue = Math.min(worstValue, lre(fit.values()[j], certified[j]));
            worstError = Math.min(worstError, lre(fit.standardErrors()[j], certifiedErrors[j]));
        }
        double rssDigits = lre(fit.rss(), problem.get("certified_rss").asDouble());
        REPORT.add(String.format("%-9s %d  params %5.2f  stderr %5.2f  rss %5.2f  iter %3d  %s",
                name, start, worstValue, worstError, rssDigits, fit.iterations(), fit.reason()));

        String detail = name + " from start " + start + ": " + fit.reason() + " after "
                + fit.iterations() + " iterations, values " + java.util.Arrays.toString(
                        fit.values());
        assertTrue(fit.converged(), detail);
        assertTrue(fit.nonIdentifiable().isEmpty(), detail + ", rank " + fit.rank());
        assertTrue(worstValue >= PARAMETER_DIGITS, detail + ", parameter LRE " + worstValue);
        assertTrue(worstError >= STANDARD_ERROR_DIGITS, detail + ", stderr LRE " + worstError);
        if (!name.equals("Lanczos1")) {
            assertTrue(rssDigits >= RSS_DIGITS, detail + ", RSS LRE " + rssDigits);
        }
    }

    @AfterAll
    static void printReport() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("NIST StRD log relative errors (worst over parameters), problem and start:");
        REPORT.stream().sorted().forEach(lines::add);
        lines.forEach(System.out::println);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "nist-lre.txt"), lines);
    }

    /** -log10 |estimate - certified| / |certified|, capped at 11 digits, 0 when no digit. */
    static double lre(double estimate, double certified) {
        if (!Double.isFinite(estimate)) {
            return 0.0;
        }
        double relative = Math.abs(estimate - certified) / Math.abs(certified);
        if (relative == 0.0) {
            return 11.0;
        }
        return Math.max(0.0, Math.min(11.0, -Math.log10(relative)));
    }

    private static Map<String, Tensor> readColumns(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        double[][] values = new double[header.length][lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            for (int c = 0; c < header.length; c++) {
                values[c][i - 1] = Double.parseDouble(cells[c].trim());
            }
        }
        Map<String, Tensor> columns = new HashMap<>();
        for (int c = 0; c < header.length; c++) {
            columns.put(header[c].trim(), Tensor.vector(values[c]));
        }
        return columns;
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(node -> result.add(node.asText()));
        return result;
    }

    private static double[] doubles(JsonNode array) {
        double[] result = new double[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = array.get(i).asDouble();
        }
        return result;
    }
}
