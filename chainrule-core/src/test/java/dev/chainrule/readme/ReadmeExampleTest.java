package dev.chainrule.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Derivatives;
import dev.chainrule.autodiff.Var;
import dev.chainrule.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's library example, compiled and run. {@link #readmeShowsExactlyThisCode} checks
 * that the README's code block is the body of {@link #example}, line for line, so the two
 * cannot drift apart.
 */
class ReadmeExampleTest {
    private static final String BEGIN = "// example begins";
    private static final String END = "// example ends";

    @Test
    void example() {
        // example begins
        Var x = Var.variable(-4.0);
        Var z = x.mul(2).add(2).add(x);
        Var q = z.relu().add(z.mul(x));
        Var h = z.mul(z).relu();
        Var y = h.add(q).add(q.mul(x));
        y.backward();
        System.out.println(y.item());        // -20.0
        System.out.println(x.grad().item()); // 46.0

        Tensor hessian = Derivatives.hessian(v -> v.sin().mul(v.exp()).sum(), Tensor.vector(1, 2));
        System.out.println(hessian);         // [[2.937..., 0.0], [0.0, -6.149...]]
        // example ends

        assertEquals(-20.0, y.item(), 1e-12);
        assertEquals(46.0, x.grad().item(), 1e-12);
        // d2/dv2 (sin v e^v) = 2 cos v e^v, and the off-diagonal entries are 0.
        assertEquals(2 * Math.cos(1) * Math.exp(1), hessian.get(0, 0), 1e-12);
        assertEquals(2 * Math.cos(2) * Math.exp(2), hessian.get(1, 1), 1e-12);
        assertEquals(0.0, hessian.get(0, 1), 0.0);
    }

    @Test
    void readmeShowsExactlyThisCode() throws IOException {
        List<String> source = Files.readAllLines(
                Path.of("src/test/java/dev/chainrule/readme/ReadmeExampleTest.java"));
        List<String> readme = Files.readAllLines(Path.of("../README.md"));
        List<String> expected = between(source, BEGIN, END);
        int start = readme.indexOf("```java");
        assertTrue(start >= 0, "README.md has no ```java block");
        int end = readme.subList(start + 1, readme.size()).indexOf("```") + start + 1;
        List<String> shown = readme.subList(start + 1, end).stream().map(String::strip).toList();
        assertEquals(expected, shown, "README.md's first java block differs from the example");
    }

    private static List<String> between(List<String> lines, String begin, String end) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(begin)) {
                from = i + 1;
            } else if (lines.get(i).strip().equals(end)) {
                to = i;
                break;
            }
        }
        return lines.subList(from, to).stream().map(String::strip).toList();
    }
}
