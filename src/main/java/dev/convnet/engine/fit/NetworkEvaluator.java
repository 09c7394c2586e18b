package dev.convnet.engine.fit;

import dev.convnet.definition.InputShape;
import dev.convnet.engine.Batch;
import dev.convnet.engine.EpochData;
import dev.convnet.engine.MemoryEstimate;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.Dl4jNetwork;
import dev.convnet.engine.runtime.NativeMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.springframework.stereotype.Component;

/** Test-set evaluation: loss, accuracy, top-k accuracy, confusion matrix, per-class precision/recall/F1. */
@Component
public class NetworkEvaluator {

    public EvaluationReport evaluate(CompiledNetwork network, EpochData data, List<String> classNames, int topK) {
        int classes = classNames.size();
        Evaluation evaluation = new Evaluation(classNames, Math.max(1, topK));
        Totals totals = forEachBatch(network, data, 0, (labels, output) -> evaluation.eval(labels, output));
        long[][] confusion = new long[classes][classes];
        List<EvaluationReport.ClassMetrics> perClass = new ArrayList<>();
        for (int actual = 0; actual < classes; actual++) {
            long support = 0;
            for (int predicted = 0; predicted < classes; predicted++) {
                confusion[actual][predicted] = evaluation.getConfusion().getCount(actual, predicted);
                support += confusion[actual][predicted];
            }
            perClass.add(new EvaluationReport.ClassMetrics(classNames.get(actual), finite(evaluation.precision(actual)),
                    finite(evaluation.recall(actual)), finite(evaluation.f1(actual)), support));
        }
        return new EvaluationReport(totals.examples(), totals.meanLoss(), evaluation.accuracy(), topK,
                evaluation.topNAccuracy(), classNames, confusion, perClass);
    }

    /** Loss and accuracy only: what validation after each epoch needs, with the training loss's label smoothing. */
    static NetworkTrainer.Score score(CompiledNetwork network, EpochData data, double labelSmoothing) {
        long[] correct = {0};
        Totals totals = forEachBatch(network, data, labelSmoothing,
                (labels, output) -> correct[0] += BatchArrays.correct(output, labels));
        return new NetworkTrainer.Score(totals.meanLoss(), (double) correct[0] / Math.max(1, totals.examples()));
    }

    private record Totals(double lossSum, long examples) {
        double meanLoss() {
            return lossSum / Math.max(1, examples);
        }
    }

    /** Runs inference over every batch (Keras's evaluate: mean loss weighted by batch size), handing outputs on. */
    private static Totals forEachBatch(CompiledNetwork network, EpochData data, double labelSmoothing,
                                       BiConsumer<INDArray, INDArray> onBatch) {
        Dl4jNetwork net = network.dl4j();
        InputShape shape = network.architecture().definition().inputShape();
        int classes = (int) network.architecture().outputShape().lastAxis();
        double lossSum = 0;
        long examples = 0;
        try (EpochData.BatchStream batches = data.epoch(0)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                NativeMemory.require(MemoryEstimate.inference(network.architecture(), batch.size()).activationBytes(),
                        "evaluating a batch of " + batch.size());
                DataSet dataSet = BatchArrays.toDataSet(batch, shape, classes);
                LabelSmoothing.apply(dataSet.getLabels(), labelSmoothing);
                onBatch.accept(dataSet.getLabels(), net.output(dataSet.getFeatures()));
                lossSum += net.score(dataSet) * batch.size();
                examples += batch.size();
            }
        }
        return new Totals(lossSum, examples);
    }

    /** Classes with no predictions have undefined precision; report 0 as scikit-learn does. */
    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0.0;
    }
}
