package dev.convnet.inference;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

@Schema(description = "Predictions for each image, in upload order, and the model that made them")
public record PredictionsResponse(UUID modelId, String modelName, int modelVersion, List<ImagePrediction> predictions) {
}
