package io.github.promexport.runtime.exposition.fast;

/**
 * All values of one scrape, read from the meters before any byte is written: one slot per scalar data point and
 * one {@link Distribution} per histogram or summary data point, at the indexes the layout gave them. Owned by one
 * scrape.
 */
final class ScrapeValues {

    final double[] scalars;
    /**
     * The encoded OpenMetrics exemplar of each scalar slot (only counters have one), or null; the array itself is
     * null when the registry samples no exemplars.
     */
    final byte[][] scalarExemplars;
    final Distribution[] distributions;

    ScrapeValues(int scalarCount, int distributionCount, boolean exemplars) {
        this(new double[scalarCount], exemplars ? new byte[scalarCount][] : null, new Distribution[distributionCount]);
    }

    /** Values already read into these arrays; a null distribution becomes an empty one. */
    ScrapeValues(double[] scalars, byte[][] scalarExemplars, Distribution[] distributions) {
        this.scalars = scalars;
        this.scalarExemplars = scalarExemplars;
        this.distributions = distributions;
        for (int i = 0; i < distributions.length; i++) {
            if (distributions[i] == null) {
                distributions[i] = new Distribution();
            }
        }
    }

    /**
     * One histogram or summary data point, as the client would hold it: {@code count < 0} means no count,
     * a NaN sum means no sum (as {@code DistributionDataPointSnapshot.hasCount/hasSum}).
     */
    static final class Distribution {
        long count;
        double sum;
        /** Cumulative bucket counts, in the layout's bucket order. */
        long[] cumulative;
        /** Quantile values, in the layout's quantile order. */
        double[] quantiles;
        /**
         * The encoded OpenMetrics exemplar of each bucket, in the layout's bucket order (null entries for buckets
         * without one); null when the data point has no exemplar.
         */
        byte[][] bucketExemplars;

        long[] cumulative(int length) {
            if (cumulative == null || cumulative.length != length) {
                cumulative = new long[length];
            }
            return cumulative;
        }

        double[] quantiles(int length) {
            if (quantiles == null || quantiles.length != length) {
                quantiles = new double[length];
            }
            return quantiles;
        }
    }

    /**
     * A meter's values no longer have the shape the layout was built for (its buckets, quantiles or measurements
     * changed); the families of its name are left to the client.
     */
    static final class LayoutMismatch extends RuntimeException {
        LayoutMismatch(String message) {
            super(message, null, false, false);
        }
    }
}
