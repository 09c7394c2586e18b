package dev.convnet.inference;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(description = "The top-k classes of one image, most probable first")
public record ImagePrediction(@Schema(description = "The uploaded file's name, if it had one") String fileName,
                              List<ClassScore> top) {
}
