package io.github.promexport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.promexport.it.GrafanaDashboard.Panel;
import io.github.promexport.it.GrafanaDashboard.Target;
import io.github.promexport.it.GrafanaDashboard.Variable;

/**
 * The dashboard of docs/dashboards imports as is into Grafana 10 and 11: a data source input that the import
 * dialog asks for, the plugins it needs declared, panels with unique ids and places on the grid, every query
 * bound to the chosen data source, and every variable it uses defined. That its queries return data is
 * {@link DashboardQueriesReturnDataIT}'s job.
 */
class DashboardIsImportableTest {

    /** Grafana 10.0's dashboard schema version: a newer one would not be understood by Grafana 10.0. */
    static final int GRAFANA_10_SCHEMA_VERSION = 38;
    static final String DATASOURCE_INPUT = "${DS_PROMETHEUS}";
    static final Set<String> GRAFANA_GLOBAL_VARIABLES = Set.of("__interval", "__interval_ms", "__rate_interval",
            "__rate_interval_ms", "__range", "__range_s", "__range_ms", "__from", "__to", "__dashboard", "__org",
            "__user");
    /** A range selector in PromQL: {@code [5m]}, {@code [$__rate_interval]}, {@code [1m:10s]}. */
    private static final Pattern RANGE = Pattern.compile("\\[([^\\]]+)]");

    private final GrafanaDashboard dashboard;

    DashboardIsImportableTest() throws Exception {
        dashboard = GrafanaDashboard.load();
    }

    @Test
    void declaresThePrometheusDataSourceInputAndWhatItRequires() {
        JsonNode root = dashboard.root;
        JsonNode input = only(root.path("__inputs"), "__inputs");
        assertEquals("DS_PROMETHEUS", input.path("name").asText());
        assertEquals("datasource", input.path("type").asText());
        assertEquals("prometheus", input.path("pluginId").asText());

        Set<String> required = new TreeSet<>();
        for (JsonNode requirement : root.path("__requires")) {
            required.add(requirement.path("type").asText() + ":" + requirement.path("id").asText());
        }
        assertTrue(required.contains("grafana:grafana"), () -> "__requires names Grafana: " + required);
        assertTrue(required.contains("datasource:prometheus"), () -> "__requires names Prometheus: " + required);
        for (Panel panel : dashboard.queryPanels()) {
            assertTrue(required.contains("panel:" + panel.type()),
                    () -> panel + " is a " + panel.type() + ", which __requires does not declare: " + required);
        }

        assertTrue(root.path("uid").asText().matches("[A-Za-z0-9_-]{1,40}"), "a stable uid Grafana accepts");
        assertTrue(root.path("id").isNull(), "no database id: the import creates the dashboard");
        assertTrue(!root.path("title").asText().isBlank(), "a title");
        int schemaVersion = root.path("schemaVersion").asInt();
        assertTrue(schemaVersion >= 36 && schemaVersion <= GRAFANA_10_SCHEMA_VERSION,
                () -> "schemaVersion " + schemaVersion + ": Grafana 10.0 reads up to " + GRAFANA_10_SCHEMA_VERSION
                        + " and Grafana 11 migrates it; a dashboard re-exported from a newer Grafana must say so");
    }

    @Test
    void panelsHaveUniqueIdsAndTitlesAndDoNotOverlapOnTheGrid() {
        Set<Integer> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        List<Panel> placed = new ArrayList<>();
        for (Panel panel : dashboard.panels()) {
            assertTrue(panel.id() > 0, () -> panel + " has a positive id");
            assertTrue(ids.add(panel.id()), () -> panel + " shares its id with another panel");
            assertTrue(!panel.title().isBlank(), () -> panel + " has a title");
            assertTrue(titles.add(panel.title()), () -> panel + " shares its title with another panel");
            JsonNode grid = panel.json().path("gridPos");
            for (String field : List.of("h", "w", "x", "y")) {
                assertTrue(grid.path(field).isInt(), () -> panel + " has gridPos." + field);
            }
            int x = grid.path("x").asInt();
            int w = grid.path("w").asInt();
            assertTrue(x >= 0 && w > 0 && x + w <= 24 && grid.path("h").asInt() > 0 && grid.path("y").asInt() >= 0,
                    () -> panel + " fits Grafana's 24-column grid: " + grid);
            for (Panel other : placed) {
                assertTrue(!overlap(grid, other.json().path("gridPos")), () -> panel + " overlaps " + other);
            }
            placed.add(panel);
        }
    }

    @Test
    void everyQueryUsesTheDataSourceInputAndEveryPanelHasAUnit() {
        List<Panel> panels = dashboard.queryPanels();
        assertTrue(panels.size() >= 20, "JVM, HTTP server, starvation and exporter panels");
        for (Panel panel : panels) {
            assertUsesDataSourceInput(panel.json(), panel.toString());
            assertTrue(!panel.json().path("fieldConfig").path("defaults").path("unit").asText().isBlank(),
                    () -> panel + " says its unit (fieldConfig.defaults.unit)");
            assertTrue(!panel.targets().isEmpty(), () -> panel + " has a query");
            Set<String> refIds = new HashSet<>();
            for (int i = 0; i < panel.targets().size(); i++) {
                Target target = panel.targets().get(i);
                assertUsesDataSourceInput(panel.json().path("targets").get(i), panel + " target " + target.refId());
                assertTrue(refIds.add(target.refId()), () -> panel + " repeats refId " + target.refId());
                assertTrue(!target.expr().isBlank(), () -> panel + " target " + target.refId() + " has an expr");
            }
        }
    }

    @Test
    void rangesComeFromGrafanaNotFromConstants() {
        for (Panel panel : dashboard.queryPanels()) {
            for (Target target : panel.targets()) {
                Matcher m = RANGE.matcher(target.expr());
                while (m.find()) {
                    String range = m.group(1);
                    // $__range for the bar gauges' instant queries over the dashboard's time range, else the rate interval
                    String expected = target.instant() ? "$__range" : "$__rate_interval";
                    assertEquals(expected, range, () -> panel + " target " + target.refId()
                            + ": a range follows the dashboard (scrape interval, time range), never a constant: "
                            + target.expr());
                }
            }
        }
    }

    @Test
    void everyVariableUsedIsDefinedBeforeUse() {
        List<Variable> variables = dashboard.variables();
        assertEquals(List.of("job", "instance", "uri"), variables.stream().map(Variable::name).toList());
        Set<String> defined = new HashSet<>(GRAFANA_GLOBAL_VARIABLES);
        for (Variable variable : variables) {
            assertUsesDataSourceInput(variable.json(), "variable $" + variable.name());
            assertEquals("query", variable.json().path("type").asText(), variable.name());
            assertNotNull(variable.label(), () -> "$" + variable.name() + " is a label_values query: " + variable.query());
            for (String used : GrafanaDashboard.references(variable.query())) {
                assertTrue(defined.contains(used), () -> "$" + variable.name() + " uses $" + used
                        + ", not defined before it: " + variable.query());
            }
            assertTrue(!variable.includeAll() || variable.allValue() != null,
                    () -> "$" + variable.name() + " has \"All\" and an allValue, so All is a short regex");
            defined.add(variable.name());
        }
        for (Panel panel : dashboard.queryPanels()) {
            for (Target target : panel.targets()) {
                for (String used : GrafanaDashboard.references(target.expr())) {
                    assertTrue(defined.contains(used), () -> panel + " target " + target.refId() + " uses $" + used
                            + ", which no variable defines: " + target.expr());
                }
            }
        }
        Set<String> usedByPanels = new HashSet<>();
        dashboard.queryPanels().forEach(p -> p.targets().forEach(t -> usedByPanels.addAll(
                GrafanaDashboard.references(t.expr()))));
        for (Variable variable : variables) {
            assertTrue(usedByPanels.contains(variable.name()), () -> "$" + variable.name() + " filters some panel");
        }
    }

    private static void assertUsesDataSourceInput(JsonNode node, String what) {
        JsonNode datasource = node.path("datasource");
        assertEquals("prometheus", datasource.path("type").asText(), () -> what + " uses a Prometheus data source");
        assertEquals(DATASOURCE_INPUT, datasource.path("uid").asText(),
                () -> what + " uses the data source chosen at import (" + DATASOURCE_INPUT + ")");
    }

    private static JsonNode only(JsonNode array, String what) {
        List<JsonNode> elements = StreamSupport.stream(array.spliterator(), false).toList();
        assertEquals(1, elements.size(), () -> what + " has one element: " + array);
        return elements.get(0);
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }
}
