package dev.convnet.engine.fit;

import java.util.List;

/** Keras's {@code evaluate} plus what a classification report shows. */
public record EvaluationReport(long examples, double loss, double accuracy, int topK, double topKAccuracy,
                               List<String> classNames, long[][] confusionMatrix, List<ClassMetrics> perClass) {

    public record ClassMetrics(String className, double precision, double recall, double f1, long support) {
    }
}
