package io.github.promexport.runtime.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

class PortRangeTest {

    private static final String KEY = "quarkus.prometheus.export.port-range";

    @Test
    void parsesBothEndsInclusive() {
        PortRange range = PortRange.parse(KEY, " 9400 - 9402 ");
        assertEquals(new PortRange(9400, 9402), range);
        assertEquals(List.of(9400, 9401, 9402), range.ports());
    }

    @Test
    void acceptsARangeOfOnePort() {
        assertEquals(List.of(9400), PortRange.parse(KEY, "9400-9400").ports());
    }

    @Test
    void rejectsAReversedRangeNamingKeyValueAndExample() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PortRange.parse(KEY, "8050-8001"));
        assertEquals("quarkus.prometheus.export.port-range: \"8050-8001\" is not a valid range: the first port must"
                + " not be greater than the last. Example: 8001-8050", e.getMessage());
    }

    @Test
    void rejectsMalformedRanges() {
        for (String value : new String[] { "9400", "9400-", "-9400", "9400:9450", "a-b", "9400-9450-9500", "" }) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> PortRange.parse(KEY, value));
            assertEquals(KEY + ": \"" + value + "\" is not a valid range: write it as first-last, two ports joined by '-'."
                    + " Example: 9400-9450", e.getMessage());
        }
    }

    @Test
    void rejectsPortsOutside1To65535() {
        for (String value : new String[] { "0-10", "65535-65536", "99999-99999" }) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> PortRange.parse(KEY, value));
            assertEquals(KEY + ": \"" + value + "\" is not a valid range: ports must be between 1 and 65535."
                    + " Example: 9400-9450", e.getMessage());
        }
    }
}
