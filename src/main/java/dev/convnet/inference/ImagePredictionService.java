package dev.convnet.inference;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.Tensor;
import dev.convnet.image.DecodedImage;
import dev.convnet.image.ImageDecoder;
import dev.convnet.image.ImagePreprocessor;
import dev.convnet.image.InputSpec;
import dev.convnet.image.InvalidImageException;
import dev.convnet.image.InvertMode;
import dev.convnet.image.ResizeMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Service;

/** Classifies images: decode, preprocess as in training, run through the {@link InferenceManager}, top-k. */
@Service
class ImagePredictionService {

    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor;
    private final InferenceManager manager;
    private final InferenceMetrics metrics;
    private final InferenceProperties properties;

    ImagePredictionService(ImageDecoder decoder, ImagePreprocessor preprocessor, InferenceManager manager,
                           InferenceMetrics metrics, InferenceProperties properties) {
        this.decoder = decoder;
        this.preprocessor = preprocessor;
        this.manager = manager;
        this.metrics = metrics;
        this.properties = properties;
    }

    PredictionsResponse classify(ServableModel model, List<UploadedImage> images, int topK, ResizeMode resize,
                                 InvertMode invert) {
        model.requireServable();
        if (images.isEmpty()) {
            throw new BadRequestException("files", "No image was sent: send one or more images as multipart parts"
                    + " named 'files', or one image as the body with an image/* content type");
        }
        if (images.size() > properties.maxFiles()) {
            throw new TooManyFilesException(images.size(), properties.maxFiles());
        }
        Tensor inputs = preprocess(model, images, resize, invert);
        Tensor outputs = manager.await(manager.submit(model.id(), inputs));
        int classes = model.outputSize();
        List<ImagePrediction> predictions = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            predictions.add(new ImagePrediction(images.get(i).fileName(),
                    top(outputs.data(), i * classes, classes, Math.min(topK, classes), model.classNames())));
        }
        return new PredictionsResponse(model.id(), model.name(), model.version(), predictions);
    }

    /** Decodes and preprocesses every image into one NHWC batch, or refuses the request naming the bad file. */
    Tensor preprocess(ServableModel model, List<UploadedImage> images, ResizeMode resize, InvertMode invert) {
        InputSpec spec = model.inputSpec();
        float[] batch = new float[images.size() * spec.size()];
        for (int i = 0; i < images.size(); i++) {
            UploadedImage image = images.get(i);
            DecodedImage decoded;
            try {
                decoded = decoder.decode(image.data());
            } catch (InvalidImageException e) {
                metrics.refused(model, "invalid_input");
                String which = images.size() == 1 && image.fileName() == null ? ""
                        : "Image " + i + (image.fileName() == null ? "" : " ('" + image.fileName() + "')") + ": ";
                throw new InvalidImageException(e.reason(), which + e.getMessage(), e);
            }
            preprocessor.preprocessInto(decoded, spec, resize, invert, batch, i * spec.size());
        }
        return new Tensor(new int[] {images.size(), spec.height(), spec.width(), spec.channels()}, batch);
    }

    private static List<ClassScore> top(float[] probabilities, int offset, int classes, int k, List<String> names) {
        return IntStream.range(0, classes).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -probabilities[offset + c]))
                .limit(k)
                .map(c -> new ClassScore(c, names.get(c), probabilities[offset + c]))
                .toList();
    }
}
