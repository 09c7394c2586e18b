package dev.convnet.store;

import dev.convnet.engine.dl4j.WeightSlot;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Arrays;
import java.util.List;

@Schema(description = "One array of the Keras weight list")
public record WeightArrayInfo(
        @Schema(example = "0") int layerIndex,
        @Schema(example = "conv2d") String layer,
        @Schema(example = "kernel", allowableValues = {"kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance"})
        String role,
        @Schema(description = "Keras layout: conv kernel [kh, kw, in, out], dense kernel [in, out], vectors [n]",
                example = "[3, 3, 1, 1]") List<Integer> shape,
        boolean trainable) {

    static WeightArrayInfo of(WeightSlot slot) {
        return new WeightArrayInfo(slot.layerIndex(), slot.layerName(), slot.role(),
                Arrays.stream(slot.shape()).boxed().toList(), slot.trainable());
    }
}
