package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the text format 0.0.4 and of OpenMetrics 1.0 as the client writers write them: every line
 * whole and well formed, a TYPE before the samples of its family, each family once, sample names that fit the
 * family's type, each sample name and label set once, OpenMetrics families sorted and ended by {@code # EOF}.
 * Anything else fails the test with the offending line.
 */
final class ExpositionParser {

    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
    private static final Pattern UNIT = Pattern.compile("# UNIT ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ([a-z]+)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ExpositionParser() {
    }

    /** One family: its type, help and samples (sample name plus labels, mapped to the value), in order. */
    static final class Family {
        final String name;
        final String type;
        String help;
        final Map<String, Double> samples = new LinkedHashMap<>();

        Family(String name, String type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        /** Everything but the values. */
        String structure() {
            return type + " " + name + " help=" + help + " " + samples.keySet();
        }
    }

    static Map<String, Family> parse(String body, boolean openMetrics) {
        assertTrue(body.isEmpty() || body.endsWith("\n"), "torn last line: " + tail(body));
        String[] lines = body.isEmpty() ? new String[0] : body.substring(0, body.length() - 1).split("\n", -1);
        Map<String, Family> families = new LinkedHashMap<>();
        String pendingHelp = null;
        String pendingHelpName = null;
        Family current = null;
        String previousName = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (openMetrics && line.equals("# EOF")) {
                assertEquals(lines.length - 1, i, "# EOF before the end");
                return families;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches() || (openMetrics && (m = UNIT.matcher(line)).matches())) {
                if (openMetrics) {
                    // OpenMetrics: TYPE, then UNIT and HELP of the same family, before its samples.
                    if (current == null || !current.name.equals(m.group(1)) || !current.samples.isEmpty()) {
                        fail("metadata out of place: " + line);
                    }
                    if (line.startsWith("# HELP")) {
                        current.help = m.group(2);
                    }
                } else {
                    // Text: HELP, then the TYPE of the same family.
                    pendingHelp = m.group(2);
                    pendingHelpName = m.group(1);
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                String name = m.group(1);
                if (pendingHelpName != null && !pendingHelpName.equals(name)) {
                    fail("HELP of " + pendingHelpName + " followed by TYPE of " + name);
                }
                if (openMetrics && previousName != null && previousName.compareTo(name) >= 0) {
                    fail("families out of order or repeated: " + previousName + " then " + name);
                }
                current = new Family(name, m.group(2), pendingHelp);
                if (families.put(name, current) != null) {
                    fail("family twice: " + name);
                }
                previousName = name;
                pendingHelp = null;
                pendingHelpName = null;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                if (current == null || pendingHelpName != null) {
                    fail("sample outside a family: " + line);
                }
                String sampleName = m.group(1);
                if (!fits(current, sampleName, openMetrics)) {
                    fail("sample " + sampleName + " in " + current.type + " family " + current.name);
                }
                String key = sampleName + labels(m.group(2), line);
                if (current.samples.put(key, value(m.group(3), line)) != null) {
                    fail("sample twice: " + line);
                }
            } else {
                fail("not a line of the exposition format: '" + line + "'");
            }
        }
        if (openMetrics) {
            fail("no # EOF at the end: " + tail(body));
        }
        return families;
    }

    private static boolean fits(Family family, String sampleName, boolean openMetrics) {
        String name = family.name;
        switch (family.type) {
            case "counter":
                return openMetrics ? sampleName.equals(name + "_total") || sampleName.equals(name + "_created")
                        : sampleName.equals(name);
            case "histogram":
                return sampleName.equals(name + "_bucket") || sampleName.equals(name + "_count")
                        || sampleName.equals(name + "_sum");
            case "gaugehistogram":
                return sampleName.equals(name + "_bucket") || sampleName.equals(name + "_gcount")
                        || sampleName.equals(name + "_gsum");
            case "summary":
                return sampleName.equals(name) || sampleName.equals(name + "_count") || sampleName.equals(name + "_sum");
            case "info":
                return sampleName.equals(name + "_info");
            default:
                return sampleName.equals(name);
        }
    }

    /** The labels in a canonical form; fails on a malformed or repeated label. */
    private static String labels(String group, String line) {
        if (group == null) {
            return "{}";
        }
        String inner = group.substring(1, group.length() - 1);
        Matcher m = LABEL.matcher(inner);
        Set<String> keys = new HashSet<>();
        List<String> pairs = new ArrayList<>();
        int at = 0;
        while (at < inner.length()) {
            if (!m.find(at) || m.start() != at) {
                fail("malformed labels: " + line);
            }
            if (!keys.add(m.group(1))) {
                fail("label twice: " + line);
            }
            pairs.add(m.group());
            at = m.end();
            if (at < inner.length()) {
                if (inner.charAt(at) != ',') {
                    fail("malformed labels: " + line);
                }
                at++;
            }
        }
        return "{" + String.join(",", pairs) + "}";
    }

    private static double value(String text, String line) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new AssertionError("not a value: " + line, e);
                }
        }
    }

    private static String tail(String body) {
        return body.substring(Math.max(0, body.length() - 200));
    }
}
