package dev.convnet.engine.dl4j;

import io.swagger.v3.oas.annotations.media.Schema;

/** One layer of the compiled DL4J network, as the API shows it ("the compiled architecture"). */
@Schema(description = "A layer of the compiled DL4J network")
public record EngineLayer(
        @Schema(example = "0") int index,
        @Schema(example = "conv2d") String name,
        @Schema(example = "ConvolutionLayer") String type,
        @Schema(example = "CnnToFeedForwardPreProcessor") String inputPreprocessor,
        @Schema(example = "activation=tanh, kernel=5x5, stride=1x1, mode=Same, nIn=1, nOut=6") String settings,
        @Schema(example = "156") long params) {
}
