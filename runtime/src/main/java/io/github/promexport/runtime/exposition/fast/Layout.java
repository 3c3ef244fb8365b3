package io.github.promexport.runtime.exposition.fast;

import java.util.List;
import java.util.Map;

import io.github.promexport.runtime.exposition.fast.Families.Family;
import io.github.promexport.runtime.exposition.fast.Sources.Source;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.model.registry.MultiCollector;

/**
 * What a scrape writes, decided once per set of meters (by the {@link LayoutBuilder}): the families in the client's
 * order with their encoded bytes, the sources that read the meters, and the Micrometer collectors whose families
 * are left to the client. Immutable; shared by concurrent scrapes.
 * <p>
 * Every family and source belongs to one of {@link #owners}, the Micrometer collector of its meter name, so that a
 * name whose meters stop fitting the layout can be handed to the client alone.
 */
final class Layout {

    /** The registry generation this layout reflects. */
    final long generation;
    /** The registry was caught in a state the layout could not explain: build again soon even if unchanged. */
    final boolean retry;
    /** The client writes everything: a registry state the client refuses, or meters the layout does not know. */
    final boolean clientOnly;
    final Source[] sources;
    /** Index into {@link #owners} of each source. */
    final int[] sourceOwners;
    /** Sorted by name, as the client writes them. */
    final Family[] families;
    /** Index into {@link #owners} of each family. */
    final int[] familyOwners;
    /** The collectors whose families this layout writes itself. */
    final MultiCollector[] owners;
    /** The Micrometer collectors collected on every scrape and written by the client's writer. */
    final List<MultiCollector> clientCollectors;
    final int scalarCount;
    final int distributionCount;
    /**
     * Every metric and label name the layout writes is a legacy name (as Micrometer's always are), which the client
     * writes alike under the default escaping and under {@code allow-utf-8}.
     */
    final boolean legacyNames;
    /**
     * What the layout knows of each meter name (the convention name Micrometer keys its collectors by), so that a
     * change to some meters rebuilds only their names; empty for a client-only layout.
     */
    final Map<String, NamePart> parts;
    /** The naming convention the names were computed with. */
    final NamingConvention convention;
    /** Scalar slots the parts use; the others are holes left by names laid out again. */
    final int liveScalars;
    /** The registry samples exemplars: the sources read them and the OpenMetrics format writes them. */
    final boolean exemplars;

    Layout(long generation, Source[] sources, int[] sourceOwners, Family[] families, int[] familyOwners,
            MultiCollector[] owners, List<MultiCollector> clientCollectors, int scalarCount, int distributionCount,
            boolean legacyNames, Map<String, NamePart> parts, NamingConvention convention, int liveScalars,
            boolean exemplars) {
        this(generation, false, false, sources, sourceOwners, families, familyOwners, owners, clientCollectors,
                scalarCount, distributionCount, legacyNames, parts, convention, liveScalars, exemplars);
    }

    /**
     * One meter name: its meters (without those Micrometer refused), the collector that owns its families
     * ({@code null} when the meters have none), and the scalar slots its prediction took. {@code inPointOrder}: the
     * name has one scalar family and {@code meters[i]} is the meter of its data point {@code i} (and of the name's
     * source {@code i}), all with one description; set by a {@link SeriesPatcher}, which keeps it so.
     */
    record NamePart(String name, Meter[] meters, MultiCollector owner, int scalars, boolean inPointOrder) {

        /** A part whose meters are in no particular order. */
        NamePart(String name, Meter[] meters, MultiCollector owner, int scalars) {
            this(name, meters, owner, scalars, false);
        }
    }

    private Layout(long generation, boolean retry, boolean clientOnly, Source[] sources, int[] sourceOwners,
            Family[] families, int[] familyOwners, MultiCollector[] owners, List<MultiCollector> clientCollectors,
            int scalarCount, int distributionCount, boolean legacyNames, Map<String, NamePart> parts,
            NamingConvention convention, int liveScalars, boolean exemplars) {
        this.generation = generation;
        this.retry = retry;
        this.clientOnly = clientOnly;
        this.sources = sources;
        this.sourceOwners = sourceOwners;
        this.families = families;
        this.familyOwners = familyOwners;
        this.owners = owners;
        this.clientCollectors = clientCollectors;
        this.scalarCount = scalarCount;
        this.distributionCount = distributionCount;
        this.legacyNames = legacyNames;
        this.parts = parts;
        this.convention = convention;
        this.liveScalars = liveScalars;
        this.exemplars = exemplars;
    }

    static Layout clientOnly(long generation, boolean retry) {
        return new Layout(generation, retry, true, new Source[0], new int[0], new Family[0], new int[0],
                new MultiCollector[0], List.of(), 0, 0, false, Map.of(), null, 0, false);
    }

    /** Whether the layout writes what the client writes under {@code escaping}. */
    boolean serves(EscapingScheme escaping) {
        return escaping == EscapingScheme.DEFAULT || (escaping == EscapingScheme.ALLOW_UTF8 && legacyNames);
    }

    ScrapeValues newValues() {
        return new ScrapeValues(scalarCount, distributionCount, exemplars);
    }

    @Override
    public String toString() {
        return "clientOnly=" + clientOnly + " families=" + families.length + " clientCollectors="
                + clientCollectors.size();
    }
}
