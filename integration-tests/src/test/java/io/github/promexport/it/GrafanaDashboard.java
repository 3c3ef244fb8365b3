package io.github.promexport.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboard shipped in {@code docs/dashboards}, read the way Grafana reads it: panels (rows and the
 * panels inside collapsed rows), their Prometheus targets, the template variables, and the substitution of
 * variables into a query as Grafana's Prometheus data source does it.
 */
final class GrafanaDashboard {

    static final Path FILE = Path.of("..", "docs", "dashboards", "quarkus-prometheus-export.json");

    /** {@code $name}, {@code ${name}}, {@code ${name:format}} and the old {@code [[name]]}. */
    private static final Pattern REFERENCE = Pattern
            .compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^]]*)?]]");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((?:(.*),)?\\s*(\\w+)\\s*\\)\\s*$",
            Pattern.DOTALL);
    /**
     * The characters Grafana's Prometheus data source escapes in a multi-value regex ({@code prometheusSpecialRegexEscape}).
     */
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[$^*{}\\[\\]'+?.()|]");

    record Target(String refId, String expr, boolean instant) {
    }

    record Panel(int id, String type, String title, JsonNode json, List<Target> targets) {
        boolean isRow() {
            return "row".equals(type);
        }

        @Override
        public String toString() {
            return "panel '" + title + "' (id " + id + ")";
        }
    }

    /** A {@code query} variable: {@code label_values(selector, label)}. */
    record Variable(String name, JsonNode json, String query, String selector, String label, boolean multi,
            boolean includeAll, String allValue) {
    }

    final JsonNode root;

    private GrafanaDashboard(JsonNode root) {
        this.root = root;
    }

    static GrafanaDashboard load() throws IOException {
        return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
    }

    /** Every panel in order, rows included, with the panels of collapsed rows after their row. */
    List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            panels.add(panel(panel));
            for (JsonNode inner : panel.path("panels")) {
                panels.add(panel(inner));
            }
        }
        return panels;
    }

    List<Panel> queryPanels() {
        return panels().stream().filter(p -> !p.isRow()).toList();
    }

    private static Panel panel(JsonNode json) {
        List<Target> targets = new ArrayList<>();
        for (JsonNode target : json.path("targets")) {
            targets.add(new Target(target.path("refId").asText(), target.path("expr").asText(),
                    target.path("instant").asBoolean(false)));
        }
        return new Panel(json.path("id").asInt(-1), json.path("type").asText(), json.path("title").asText(), json,
                targets);
    }

    List<Variable> variables() {
        List<Variable> variables = new ArrayList<>();
        for (JsonNode variable : root.path("templating").path("list")) {
            JsonNode queryNode = variable.path("query");
            String query = queryNode.isObject() ? queryNode.path("query").asText() : queryNode.asText();
            Matcher m = LABEL_VALUES.matcher(query);
            variables.add(new Variable(variable.path("name").asText(), variable, query,
                    m.matches() && m.group(1) != null ? m.group(1).trim() : null, m.matches() ? m.group(2) : null,
                    variable.path("multi").asBoolean(false), variable.path("includeAll").asBoolean(false),
                    variable.hasNonNull("allValue") ? variable.get("allValue").asText() : null));
        }
        return variables;
    }

    /** The names of the variables a text refers to, in order of appearance. */
    static Set<String> references(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }

    /**
     * Replaces every variable reference with its value; a reference without a value fails, naming it.
     */
    static String substitute(String text, Map<String, String> values) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for $" + name + " in " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The text Grafana's Prometheus data source puts in place of a variable for the selected values: the
     * variable's {@code allValue} for "All", otherwise each value regex-escaped and several joined as
     * {@code (a|b)}; a single-value variable without "All" gets its value as is.
     */
    static String interpolate(Variable variable, List<String> selected, boolean all) {
        if (all && variable.allValue() != null) {
            return variable.allValue();
        }
        if (!variable.multi() && !variable.includeAll()) {
            return selected.get(0).replace("\\", "\\\\").replace("'", "\\\\'");
        }
        List<String> escaped = selected.stream().map(GrafanaDashboard::regexEscape).toList();
        return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
    }

    private static String regexEscape(String value) {
        String backslashes = value.replace("\\", "\\\\\\\\");
        return REGEX_SPECIAL.matcher(backslashes).replaceAll(r -> Matcher.quoteReplacement("\\\\" + r.group()));
    }
}
