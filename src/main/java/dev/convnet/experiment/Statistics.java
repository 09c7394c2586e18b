package dev.convnet.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/** Spread of a metric over seeds, and Welch's t interval of the difference of two variants' means. */
final class Statistics {

    static final double CONFIDENCE = 0.95;

    private Statistics() {
    }

    @Schema(description = "A metric over the seeds: mean, sample standard deviation (null with one seed), min, max")
    record Summary(int n, double mean, Double std, double min, double max) {
    }

    @Schema(description = "Difference of means to the baseline with its 95% confidence interval (Welch's t); "
            + "the interval is null when either side has fewer than two runs")
    record Difference(double difference, Double low, Double high, Double degreesOfFreedom) {

        /** True when the interval lies wholly above or wholly below zero. */
        boolean significant() {
            return low != null && (low > 0 || high < 0);
        }
    }

    static Summary summary(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        DescriptiveStatistics stats = new DescriptiveStatistics(values.stream().mapToDouble(Double::doubleValue).toArray());
        return new Summary(values.size(), stats.getMean(), values.size() < 2 ? null : stats.getStandardDeviation(),
                stats.getMin(), stats.getMax());
    }

    /** {@code a} minus {@code b}, with the Welch-Satterthwaite degrees of freedom. */
    static Difference welch(List<Double> a, List<Double> b) {
        Summary sa = summary(a);
        Summary sb = summary(b);
        if (sa == null || sb == null) {
            return null;
        }
        double difference = sa.mean() - sb.mean();
        if (sa.std() == null || sb.std() == null) {
            return new Difference(difference, null, null, null);
        }
        double va = sa.std() * sa.std() / sa.n();
        double vb = sb.std() * sb.std() / sb.n();
        double standardError = Math.sqrt(va + vb);
        if (standardError == 0) { // identical runs on both sides: no spread, so the difference is exact
            return new Difference(difference, difference, difference, null);
        }
        double df = (va + vb) * (va + vb) / (va * va / (sa.n() - 1) + vb * vb / (sb.n() - 1));
        double t = new TDistribution(df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        return new Difference(difference, difference - t * standardError, difference + t * standardError, df);
    }
}
