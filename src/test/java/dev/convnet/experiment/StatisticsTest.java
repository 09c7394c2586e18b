package dev.convnet.experiment;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Known values, computed independently with SciPy (scipy.stats.t.ppf and the Welch-Satterthwaite formula). */
class StatisticsTest {

    @Test
    void summarisesWithTheSampleStandardDeviation() {
        Statistics.Summary s = Statistics.summary(List.of(0.91, 0.92, 0.93));
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(0.92, within(1e-12));
        assertThat(s.std()).isCloseTo(0.01, within(1e-12));
        assertThat(s.min()).isEqualTo(0.91);
        assertThat(s.max()).isEqualTo(0.93);
        assertThat(Statistics.summary(List.of(0.5)).std()).isNull();
        assertThat(Statistics.summary(List.of())).isNull();
    }

    @Test
    void welchIntervalMatchesScipyOnUnequalVariancesAndSizes() {
        Statistics.Difference d = Statistics.welch(List.of(0.91, 0.92, 0.93), List.of(0.88, 0.885, 0.875, 0.89));
        assertThat(d.difference()).isCloseTo(0.0375, within(1e-12));
        assertThat(d.degreesOfFreedom()).isCloseTo(3.2347188264058677, within(1e-9));
        assertThat(d.low()).isCloseTo(0.017288360225384825, within(1e-9));
        assertThat(d.high()).isCloseTo(0.05771163977461513, within(1e-9));
        assertThat(d.significant()).isTrue();
    }

    @Test
    void anIntervalAcrossZeroIsNotSignificant() {
        Statistics.Difference d = Statistics.welch(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(2.0, 4.0, 6.0, 8.0, 10.0));
        assertThat(d.difference()).isEqualTo(-3.0);
        assertThat(d.degreesOfFreedom()).isCloseTo(5.882352941176471, within(1e-9));
        assertThat(d.low()).isCloseTo(-6.887741643736975, within(1e-9));
        assertThat(d.high()).isCloseTo(0.887741643736975, within(1e-9));
        assertThat(d.significant()).isFalse();
    }

    @Test
    void oneRunOnASideGivesNoInterval() {
        Statistics.Difference d = Statistics.welch(List.of(0.9), List.of(0.8, 0.85));
        assertThat(d.difference()).isCloseTo(0.075, within(1e-12));
        assertThat(d.low()).isNull();
        assertThat(d.significant()).isFalse();
        assertThat(Statistics.welch(List.of(), List.of(0.8))).isNull();
    }
}
