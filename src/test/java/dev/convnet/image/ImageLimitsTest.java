package dev.convnet.image;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageLimitsTest {

    private static ImageLimits bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("convnet.images", ImageLimits.class);
    }

    @Test
    void defaultsWhenNothingIsConfigured() {
        ImageLimits limits = bind(Map.of());

        assertThat(limits).isEqualTo(ImageLimits.defaults());
        assertThat(limits.maxPixels()).isEqualTo(24_000_000L);
        assertThat(limits.maxBytes()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(limits.minSide()).isEqualTo(8);
        assertThat(limits.maxAspectRatio()).isEqualTo(20.0);
    }

    @Test
    void bindsFromProperties() {
        ImageLimits limits = bind(Map.of(
                "convnet.images.max-pixels", "1000000",
                "convnet.images.max-bytes", "2MB",
                "convnet.images.min-side", "16",
                "convnet.images.max-aspect-ratio", "4.5"));

        assertThat(limits).isEqualTo(new ImageLimits(1_000_000, DataSize.ofMegabytes(2), 16, 4.5));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> bind(Map.of("convnet.images.min-side", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("convnet.images.min-side");
        assertThatThrownBy(() -> new ImageLimits(10, DataSize.ofBytes(10), 1, 0.5))
                .hasMessageContaining("max-aspect-ratio");
        assertThatThrownBy(() -> new ImageLimits(10, DataSize.ofGigabytes(4), 1, 2))
                .hasMessageContaining("max-bytes");
    }
}
