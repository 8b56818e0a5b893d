package dev.chainrule.cli.mlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainrule.fit.nn.Activation;
import dev.chainrule.fit.nn.Mlp;
import dev.chainrule.fit.nn.NetworkModel;
import dev.chainrule.fit.nn.Standardization;
import dev.chainrule.fit.nn.Task;
import dev.chainrule.fit.optim.Parameter;
import dev.chainrule.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Saves and loads trained networks as JSON. The file states its format and version, the task,
 * the layer sizes and activations, the column names, the standardisation, and every parameter
 * with its name, shape and values. Numbers are written with Java's shortest round-trip
 * representation, so a loaded model computes exactly what the saved one did.
 *
 * <pre>{@code
 * {"format": "chainrule-mlp", "version": 1, "task": "regress", "layers": [1, 32, 32, 1],
 *  "activation": "tanh", "output_activation": "identity",
 *  "inputs": ["x"], "targets": ["y"], "classes": [],
 *  "input_mean": [...], "input_scale": [...], "target_mean": [...], "target_scale": [...],
 *  "parameters": [{"name": "layer1.weight", "shape": [1, 32], "values": [...]}, ...]}
 * }</pre>
 */
public final class ModelFile {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "chainrule-mlp";
    /** The version this code writes and reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {}

    /** The model as JSON text. */
    public static String toJson(NetworkModel model) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("task", model.task().label());
        ArrayNode layers = root.putArray("layers");
        Arrays.stream(model.network().sizes()).forEach(layers::add);
        root.put("activation", model.network().hiddenActivation().label());
        root.put("output_activation", model.network().outputActivation().label());
        model.inputNames().forEach(root.putArray("inputs")::add);
        model.targetNames().forEach(root.putArray("targets")::add);
        model.classLabels().forEach(root.putArray("classes")::add);
        putNumbers(root, "input_mean", model.inputScaling().mean());
        putNumbers(root, "input_scale", model.inputScaling().scale());
        putNumbers(root, "target_mean", model.targetScaling().mean());
        putNumbers(root, "target_scale", model.targetScaling().scale());
        ArrayNode parameters = root.putArray("parameters");
        for (Parameter parameter : model.network().parameters()) {
            ObjectNode entry = parameters.addObject();
            entry.put("name", parameter.name());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(parameter.shape()).forEach(shape::add);
            putNumbers(entry, "values", parameter.value().toArray());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model file: could not write JSON", e);
        }
    }

    /**
     * Reads a model written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the file and the problem when it is not JSON, is
     *     of another format or version, or has a missing or inconsistent field
     * @throws IOException when the file cannot be read
     */
    public static NetworkModel read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("model file " + file + " is a directory; give"
                    + " the JSON file written by chainrule fit --mlp ... --save");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        }
        return parse(text, file.toString());
    }

    /** Parses model JSON; {@code source} names it in errors. */
    public static NetworkModel parse(String text, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new IllegalArgumentException("model file " + source + " is damaged: not valid"
                    + " JSON" + where + " (" + firstClause(e.getOriginalMessage()) + ")");
        }
        Reader reader = new Reader(root, source);
        return reader.model();
    }

    // Jackson's messages go on with source excerpts and token details; keep the first clause.
    private static String firstClause(String message) {
        String first = message.lines().findFirst().orElse("");
        int detail = first.indexOf(" (start marker");
        return detail >= 0 ? first.substring(0, detail) : first;
    }

    private static void putNumbers(ObjectNode node, String field, double[] values) {
        ArrayNode array = node.putArray(field);
        for (double value : values) {
            array.add(value);
        }
    }

    /** Field-by-field reading with errors that name the file and the field. */
    private static final class Reader {
        private final JsonNode root;
        private final String source;

        Reader(JsonNode root, String source) {
            this.root = root;
            this.source = source;
        }

        NetworkModel model() {
            if (root == null || !root.isObject()) {
                throw fail("the top level is not a JSON object");
            }
            String format = text(root, "format");
            if (!FORMAT.equals(format)) {
                throw fail("format is \"" + format + "\", not \"" + FORMAT + "\"; it is not a"
                        + " chainrule network model");
            }
            JsonNode version = field(root, "version");
            if (!version.isInt() || version.intValue() != VERSION) {
                throw fail("format version " + version + " is not supported; this chainrule"
                        + " reads version " + VERSION + " (refit the model with this version)");
            }
            Task task = parseEnum("task", () -> Task.parse(text(root, "task")));
            int[] sizes = integers(root, "layers");
            Activation hidden =
                    parseEnum("activation", () -> Activation.parse(text(root, "activation")));
            Activation output = parseEnum("output_activation",
                    () -> Activation.parse(text(root, "output_activation")));
            Mlp network;
            try {
                network = new Mlp(sizes, hidden, output, 0);
            } catch (IllegalArgumentException e) {
                throw fail("field \"layers\": " + e.getMessage());
            }
            readParameters(network);
            try {
                return new NetworkModel(task, network,
                        new Standardization(numbers(root, "input_mean"),
                                numbers(root, "input_scale")),
                        new Standardization(numbers(root, "target_mean"),
                                numbers(root, "target_scale")),
                        strings("inputs"), strings("targets"), strings("classes"));
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        }

        private void readParameters(Mlp network) {
            JsonNode entries = field(root, "parameters");
            List<Parameter> parameters = network.parameters();
            if (!entries.isArray() || entries.size() != parameters.size()) {
                throw fail("field \"parameters\" must list " + parameters.size()
                        + " parameters for layers " + Arrays.toString(network.sizes()));
            }
            for (int i = 0; i < parameters.size(); i++) {
                Parameter parameter = parameters.get(i);
                JsonNode entry = entries.get(i);
                String name = text(entry, "name");
                int[] shape = integers(entry, "shape");
                if (!name.equals(parameter.name()) || !Arrays.equals(shape, parameter.shape())) {
                    throw fail("parameter " + i + " is " + name + " " + Arrays.toString(shape)
                            + " but layers " + Arrays.toString(network.sizes()) + " need "
                            + parameter.name() + " " + Arrays.toString(parameter.shape()));
                }
                double[] values = numbers(entry, "values");
                if (values.length != parameter.size()) {
                    throw fail("parameter " + name + " has " + values.length + " values, not "
                            + parameter.size());
                }
                parameter.set(Tensor.of(shape, values));
            }
        }

        private JsonNode field(JsonNode node, String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw fail("field \"" + name + "\" is missing");
            }
            return value;
        }

        private String text(JsonNode node, String name) {
            JsonNode value = field(node, name);
            if (!value.isTextual()) {
                throw fail("field \"" + name + "\" must be a string, found " + value);
            }
            return value.textValue();
        }

        private int[] integers(JsonNode node, String name) {
            JsonNode array = field(node, name);
            if (!array.isArray()) {
                throw fail("field \"" + name + "\" must be an array of whole numbers");
            }
            int[] result = new int[array.size()];
            for (int i = 0; i < result.length; i++) {
                if (!array.get(i).isInt()) {
                    throw fail("field \"" + name + "\" entry " + i + " is " + array.get(i)
                            + ", not a whole number");
                }
                result[i] = array.get(i).intValue();
            }
            return result;
        }

        private double[] numbers(JsonNode node, String name) {
            JsonNode array = field(node, name);
            if (!array.isArray()) {
                throw fail("field \"" + name + "\" must be an array of numbers");
            }
            double[] result = new double[array.size()];
            for (int i = 0; i < result.length; i++) {
                JsonNode entry = array.get(i);
                if (!entry.isNumber() || !Double.isFinite(entry.doubleValue())) {
                    throw fail("field \"" + name + "\" entry " + i + " is " + entry
                            + ", not a finite number");
                }
                result[i] = entry.doubleValue();
            }
            return result;
        }

        private List<String> strings(String name) {
            JsonNode array = field(root, name);
            if (!array.isArray()) {
                throw fail("field \"" + name + "\" must be an array of strings");
            }
            List<String> result = new ArrayList<>();
            for (JsonNode entry : array) {
                if (!entry.isTextual()) {
                    throw fail("field \"" + name + "\" holds " + entry + ", not a string");
                }
                result.add(entry.textValue());
            }
            return result;
        }

        private <T> T parseEnum(String name, Supplier<T> parse) {
            try {
                return parse.get();
            } catch (IllegalArgumentException e) {
                if (e.getMessage().startsWith("model file")) {
                    throw e;
                }
                throw fail("field \"" + name + "\": " + e.getMessage());
            }
        }

        private IllegalArgumentException fail(String problem) {
            return new IllegalArgumentException("model file " + source + ": " + problem);
        }
    }
}
