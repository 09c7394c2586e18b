package dev.convnet.inference;

import dev.convnet.engine.runtime.CpuShare;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ServingCpuShareFilterTest {

    private final CpuShare cpuShare = new CpuShare();
    private final ServingCpuShareFilter filter = new ServingCpuShareFilter(cpuShare);

    @Test
    void onlyPredictionRequestsCount() {
        assertThat(filter.shouldNotFilter(new MockHttpServletRequest("POST", "/api/v1/models/x/predict"))).isFalse();
        assertThat(filter.shouldNotFilter(new MockHttpServletRequest("POST", "/api/v1/models/by-name/lenet5/predictions"))).isFalse();
        assertThat(filter.shouldNotFilter(new MockHttpServletRequest("POST", "/v2/models/lenet5/infer"))).isFalse();
        assertThat(filter.shouldNotFilter(new MockHttpServletRequest("GET", "/api/v1/models/x/weights"))).isTrue();
        assertThat(filter.shouldNotFilter(new MockHttpServletRequest("POST", "/api/v1/training-jobs"))).isTrue();
    }

    @Test
    void aPredictionThatKeptTheNodeBusyThroughAPeriodGivesARunningTrainingItsWindow() throws Exception {
        try (CpuShare.Reservation ignored = cpuShare.reserveForTraining(0.5)) {
            filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/models/x/predict"), new MockHttpServletResponse(),
                    (request, response) -> sleep(80));

            assertThat(cpuShare.trainingWindowOpen()).isTrue();
            long start = System.nanoTime();
            filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/models/x/predict"), new MockHttpServletResponse(),
                    (request, response) -> { });
            assertThat(System.nanoTime() - start).as("the next prediction waited for the window").isGreaterThan(10_000_000L);
            assertThat(cpuShare.trainingWindowNanos()).isPositive();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
