package dev.convnet.experiment;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FindingsTest {

    private static final List<Double> BASE = List.of(0.88, 0.885, 0.875, 0.89);

    @Test
    void saysHelpsWhenTheIntervalIsAboveZeroAndNamesTheCost() {
        String sentence = Findings.sentence(SampleResults.variant(1, "batch-norm", false, List.of(0.91, 0.92, 0.93), BASE, 30),
                SampleResults.variant(2, "baseline", true, BASE, BASE, 10));
        assertThat(sentence).isEqualTo("'batch-norm' helps: +3.75 points test accuracy against 'baseline' "
                + "(95% CI +1.73 points to +5.77 points). It takes 3.0x the baseline's training time.");
    }

    @Test
    void saysHurtsWhenTheIntervalIsBelowZero() {
        String sentence = Findings.sentence(SampleResults.variant(3, "tiny", false, List.of(0.80, 0.81, 0.79), BASE, 10),
                SampleResults.variant(1, "baseline", true, BASE, BASE, 10));
        assertThat(sentence).startsWith("'tiny' hurts: -8.25 points test accuracy against 'baseline' (95% CI -")
                .doesNotContain("training time");
    }

    @Test
    void saysWithinNoiseWhenTheIntervalCrossesZero() {
        String sentence = Findings.sentence(SampleResults.variant(2, "no-dropout", false, List.of(0.86, 0.90, 0.87), BASE, 10),
                SampleResults.variant(1, "baseline", true, BASE, BASE, 10));
        assertThat(sentence).startsWith("'no-dropout' is within noise: -0.58 points test accuracy against 'baseline' (95% CI -");
    }

    @Test
    void withOneSeedSaysThatNoIntervalCanBeGiven() {
        String sentence = Findings.sentence(SampleResults.variant(1, "adam", false, List.of(0.95), BASE, 10),
                SampleResults.variant(2, "baseline", true, BASE, BASE, 10));
        assertThat(sentence).contains("'adam': +6.75 points").contains("no interval").contains("run more seeds");
    }

    @Test
    void opensWithTheBestVariantThenOneSentencePerOtherVariant() {
        List<String> sentences = SampleResults.threeVariants().findings();
        assertThat(sentences).hasSize(3);
        assertThat(sentences.get(0)).isEqualTo("Best: 'batch-norm' with 92.00% ± 1.00 test accuracy (mean over 3 seeds).");
        assertThat(sentences.get(1)).contains("'batch-norm' helps");
        assertThat(sentences.get(2)).contains("'no-dropout' is within noise");
    }
}
