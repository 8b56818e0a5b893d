package dev.chainrule.cli.fit;

import dev.chainrule.fit.FitResult;
import java.util.List;
import java.util.Locale;

/** The fit as a table for people, as {@code chainrule fit} prints it on stdout. */
public final class FitReport {
    private FitReport() {}

    /**
     * @param model the model formula
     * @param response the response (column or formula)
     * @param source a description of the data, such as the file name
     */
    public static String toText(String model, String response, String source, FitResult fit) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Model:      %s ~ %s%n", response, model));
        text.append(String.format(Locale.ROOT, "Data:       %s (%d rows, %d degrees of freedom)%n",
                source, fit.observations(), fit.degreesOfFreedom()));
        text.append(String.format(Locale.ROOT, "Status:     %s: %s%n",
                fit.converged() ? "converged" : "NOT CONVERGED", fit.reason().description()));
        text.append(String.format(Locale.ROOT,
                "Work:       %d iterations, %d residual and %d Jacobian evaluations, %.3f s%n",
                fit.iterations(), fit.residualEvaluations(), fit.jacobianEvaluations(),
                fit.seconds()));
        text.append(System.lineSeparator());

        List<String> names = fit.parameterNames();
        int width = Math.max(9, names.stream().mapToInt(String::length).max().orElse(0));
        text.append(String.format(Locale.ROOT, "%-" + width + "s  %17s  %17s  %s%n",
                "parameter", "value", "std. error", "95% confidence interval"));
        for (int j = 0; j < names.size(); j++) {
            text.append(String.format(Locale.ROOT, "%-" + width + "s  %17s  %17s  [%s, %s]%n",
                    names.get(j), number(fit.values()[j]), number(fit.standardErrors()[j]),
                    number(fit.ci95Lower()[j]).trim(), number(fit.ci95Upper()[j]).trim()));
        }
        text.append(System.lineSeparator());
        text.append(String.format(Locale.ROOT, "Residual sum of squares:     %s%n",
                number(fit.rss()).trim()));
        text.append(String.format(Locale.ROOT, "Residual standard deviation: %s%n",
                number(fit.residualSd()).trim()));
        text.append(String.format(Locale.ROOT, "R^2:                         %s%n",
                number(fit.rSquared()).trim()));
        for (List<String> group : fit.nonIdentifiable()) {
            text.append(String.format(Locale.ROOT, "Not identifiable: %s: the data do not"
                    + " determine %s separately (the Jacobian is rank deficient);"
                    + " their uncertainties are not available%n", String.join(", ", group),
                    group.size() == 1 ? "it" : "them"));
        }

        if (names.size() > 1) {
            text.append(System.lineSeparator()).append("Correlation")
                    .append(System.lineSeparator());
            // Columns as wide as the longest name, so long names keep the table aligned.
            int cell = Math.max(7, names.stream().mapToInt(String::length).max().orElse(0));
            text.append(String.format(Locale.ROOT, "%-" + width + "s", ""));
            for (String name : names) {
                text.append(String.format(Locale.ROOT, "  %" + cell + "s", name));
            }
            text.append(System.lineSeparator());
            for (int i = 0; i < names.size(); i++) {
                text.append(String.format(Locale.ROOT, "%-" + width + "s", names.get(i)));
                for (int j = 0; j < names.size(); j++) {
                    double c = fit.correlation()[i][j];
                    text.append(Double.isFinite(c)
                            ? String.format(Locale.ROOT, "  %" + cell + ".4f", c)
                            : String.format(Locale.ROOT, "  %" + cell + "s", "n/a"));
                }
                text.append(System.lineSeparator());
            }
        }
        return text.toString();
    }

    /** Ten significant digits, or "n/a" for NaN and infinities. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.format(Locale.ROOT, "%17s", "n/a");
        }
        return String.format(Locale.ROOT, "%17.10g", value);
    }
}
