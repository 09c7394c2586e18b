package dev.convnet.definition;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Keras-style input shape: height, width, channels (channels last), without the batch dimension. */
@Schema(description = "Input shape as in Keras: [height, width, channels]", example = "[28, 28, 1]")
public record InputShape(int height, int width, int channels) {

    public List<Integer> asList() {
        return List.of(height, width, channels);
    }

    public int size() {
        return height * width * channels;
    }

    /** {@link #size()} without overflow, for shapes not yet checked against the limits. */
    public long elements() {
        return (long) height * width * channels;
    }
}
