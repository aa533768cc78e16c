package dev.jqueue.console.ui;

import com.vaadin.flow.component.html.Pre;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON shown as indented text in a {@code <pre>}. The text is set as a text node, never as
 * HTML, so an argument like {@code <script>alert(1)</script>} appears literally.
 */
public class JsonView extends Pre {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public JsonView(String json) {
        addClassName("json-view");
        setJson(json);
    }

    public void setJson(String json) {
        setText(pretty(json));
    }

    /** Indented JSON; text that is not JSON is returned as it is; null as "null". */
    public static String pretty(String json) {
        if (json == null) {
            return "null";
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (RuntimeException e) {
            return json;
        }
    }

    /** One-line JSON, shortened to {@code max} characters with an ellipsis (for table cells). */
    public static String compact(String json, int max) {
        if (json == null) {
            return "";
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(MAPPER.readTree(json));
        } catch (RuntimeException e) {
            text = json;
        }
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
    }
}
