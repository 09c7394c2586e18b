package dev.convnet.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListLimitTest {

    @Test
    void keepsWhatTheCallerAskedForWithinOneToTheMaximum() {
        assertThat(ListLimit.clamp(100)).isEqualTo(100);
        assertThat(ListLimit.clamp(0)).isEqualTo(1);
        assertThat(ListLimit.clamp(-5)).isEqualTo(1);
        assertThat(ListLimit.clamp(1000)).isEqualTo(1000);
        assertThat(ListLimit.clamp(Integer.MAX_VALUE)).isEqualTo(ListLimit.MAX);
    }
}
