package dev.convnet.engine.fit;

import java.util.List;

/**
 * Keras's {@code evaluate} plus what a classification report shows.
 *
 * @param testTimeFlip whether each image was scored by the mean of its and its mirror's predictions (absent in
 *                     reports stored before the option existed: false)
 */
public record EvaluationReport(long examples, double loss, double accuracy, int topK, double topKAccuracy,
                               List<String> classNames, long[][] confusionMatrix, List<ClassMetrics> perClass,
                               Boolean testTimeFlip) {

    public record ClassMetrics(String className, double precision, double recall, double f1, long support) {
    }
}
