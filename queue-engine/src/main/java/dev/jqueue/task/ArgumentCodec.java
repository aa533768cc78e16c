package dev.jqueue.task;

import dev.jqueue.EnqueueError;
import dev.jqueue.TaskContext;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores task arguments and return values as JSON. An argument is accepted only if it
 * survives a round trip into its parameter's type unchanged (finite numbers, no arbitrary
 * objects, no streams), so a job that was enqueued can always be executed.
 *
 * <p>Payload shape: {@code {"args": [ ... ]}}, one element per stored parameter.
 */
public final class ArgumentCodec {

    public static final String PAYLOAD_ERROR = "payload must be JSON round-trippable";
    public static final String RESULT_ERROR = "return value must be JSON round-trippable";

    private final JsonMapper mapper;

    /**
     * Uses the application's mapper (its modules know the application's types), made strict:
     * an object with no properties is not data, so it fails instead of becoming {@code {}}.
     */
    public ArgumentCodec(JsonMapper mapper) {
        this.mapper = mapper.rebuild().enable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    /** Validates and encodes the arguments of a call to a registered task. */
    public String encode(TaskDefinition task, List<Object> args) {
        List<Parameter> parameters = task.argumentParameters();
        List<Type> types = task.argumentTypes();
        if (args.size() != parameters.size()) {
            throw new EnqueueError("task '" + task.path() + "' takes " + parameters.size() + " argument(s) "
                    + parameterNames(parameters) + " but " + args.size() + " were given");
        }
        ArrayNode array = mapper.createArrayNode();
        for (int i = 0; i < args.size(); i++) {
            array.add(roundTrip(args.get(i), mapper.getTypeFactory().constructType(types.get(i)),
                    "argument " + (i + 1) + " (" + parameters.get(i).getName() + ") of " + task.path()));
        }
        return payload(array);
    }

    /** Encodes arguments for a task this application does not declare: plain JSON values only. */
    public String encodeUntyped(String taskPath, List<Object> args) {
        ArrayNode array = mapper.createArrayNode();
        for (int i = 0; i < args.size(); i++) {
            array.add(roundTrip(args.get(i), mapper.getTypeFactory().constructType(Object.class),
                    "argument " + (i + 1) + " of " + taskPath));
        }
        return payload(array);
    }

    /** Validates a JSON array text given as arguments (console, recurring tasks). */
    public List<Object> parseArgumentsJson(String json) {
        JsonNode node;
        try {
            node = mapper.readTree(json == null || json.isBlank() ? "[]" : json);
        } catch (RuntimeException e) {
            throw new EnqueueError("arguments must be a JSON array: " + e.getMessage());
        }
        if (!node.isArray()) {
            throw new EnqueueError("arguments must be a JSON array");
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(mapper.treeToValue(node.get(i), Object.class));
        }
        return values;
    }

    private String payload(ArrayNode array) {
        ObjectNode payload = mapper.createObjectNode();
        payload.set("args", array);
        return mapper.writeValueAsString(payload);
    }

    private JsonNode roundTrip(Object value, JavaType type, String what) {
        try {
            JsonNode tree = mapper.valueToTree(value);
            if (tree == null) {
                tree = mapper.nullNode();
            }
            requireFinite(tree, what);
            Object back = mapper.treeToValue(tree, type);
            JsonNode again = mapper.valueToTree(back);
            if (!sameJson(tree, again == null ? mapper.nullNode() : again)) {
                throw new EnqueueError(PAYLOAD_ERROR + ": " + what + " does not survive a JSON round trip into "
                        + type.toCanonical() + " (" + describe(value) + ")");
            }
            return tree;
        } catch (EnqueueError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EnqueueError(PAYLOAD_ERROR + ": " + what + " (" + describe(value) + "): " + e.getMessage(), e);
        }
    }

    private static void requireFinite(JsonNode node, String what) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw new EnqueueError(PAYLOAD_ERROR + ": " + what + " contains a non-finite number (NaN or infinity)");
        }
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                requireFinite(child, what);
            }
        }
    }

    /**
     * JSON equality that treats 1, 1L and 1.0 as the same number (the payload round-trip check
     * here, and the recurring tasks' comparison of stored and configured payloads).
     */
    public static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> entry : a.properties()) {
                JsonNode other = b.get(entry.getKey());
                if (other == null || !sameJson(entry.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static String parameterNames(List<Parameter> parameters) {
        List<String> names = new ArrayList<>();
        for (Parameter parameter : parameters) {
            names.add(parameter.getName());
        }
        return names.toString();
    }

    /** Decodes stored arguments into the method's parameters, inserting the context. */
    public Object[] decode(TaskDefinition task, String payloadJson, TaskContext context) {
        JsonNode payload = mapper.readTree(payloadJson);
        JsonNode args = payload.get("args");
        Class<?>[] raw = task.method().getParameterTypes();
        Type[] generic = task.method().getGenericParameterTypes();
        Object[] values = new Object[raw.length];
        int stored = 0;
        Iterator<JsonNode> it = args == null ? java.util.Collections.emptyIterator() : args.values().iterator();
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == TaskContext.class) {
                values[i] = context;
                continue;
            }
            if (!it.hasNext()) {
                throw new IllegalArgumentException("stored payload has " + stored + " argument(s); task '"
                        + task.path() + "' needs " + task.argumentParameters().size());
            }
            values[i] = mapper.treeToValue(it.next(), mapper.getTypeFactory().constructType(generic[i]));
            stored++;
        }
        if (it.hasNext()) {
            throw new IllegalArgumentException("stored payload has more arguments than task '" + task.path() + "' takes");
        }
        return values;
    }

    /** The stored arguments as a JSON array text (for copies and displays). */
    public List<Object> storedArguments(String payloadJson) {
        JsonNode args = mapper.readTree(payloadJson).get("args");
        List<Object> values = new ArrayList<>();
        if (args != null) {
            for (JsonNode node : args.values()) {
                values.add(mapper.treeToValue(node, Object.class));
            }
        }
        return values;
    }

    /** Encodes a return value; throws {@link IllegalArgumentException} if it is not JSON. */
    public String encodeResult(Object value) {
        JsonNode tree;
        try {
            tree = mapper.valueToTree(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(RESULT_ERROR + " (" + describe(value) + "): " + e.getMessage(), e);
        }
        if (tree == null) {
            tree = mapper.nullNode();
        }
        try {
            requireFinite(tree, "return value");
        } catch (EnqueueError e) {
            throw new IllegalArgumentException(RESULT_ERROR + ": contains a non-finite number");
        }
        return mapper.writeValueAsString(tree);
    }

    /** Decodes a stored return value into the task's return type (or plain JSON values). */
    public Object decodeResult(TaskDefinition task, String json) {
        if (json == null) {
            return null;
        }
        if (task == null || !task.returnsValue()) {
            return mapper.readValue(json, Object.class);
        }
        return mapper.readValue(json, mapper.getTypeFactory().constructType(task.method().getGenericReturnType()));
    }
}
