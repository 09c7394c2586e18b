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
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.dataset.DataSet;
import org.springframework.stereotype.Component;

/** Test-set evaluation: loss, accuracy, top-k accuracy, confusion matrix, per-class precision/recall/F1. */
@Component
public class NetworkEvaluator {

    public EvaluationReport evaluate(CompiledNetwork network, EpochData data, List<String> classNames, int topK) {
        return evaluate(network, data, classNames, topK, false);
    }

    /**
     * With {@code testTimeFlip}, every image is predicted as itself and as its horizontal mirror, and the mean of the
     * two outputs is what is scored: loss, accuracy and the rest.
     */
    public EvaluationReport evaluate(CompiledNetwork network, EpochData data, List<String> classNames, int topK,
                                     boolean testTimeFlip) {
        int classes = classNames.size();
        Evaluation evaluation = new Evaluation(classNames, Math.max(1, topK));
        Totals totals = forEachBatch(network, data, 0, testTimeFlip, (labels, output) -> evaluation.eval(labels, output));
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
                evaluation.topNAccuracy(), classNames, confusion, perClass, testTimeFlip);
    }

    /** Loss and accuracy only: what validation after each epoch needs, with the training loss's label smoothing. */
    static NetworkTrainer.Score score(CompiledNetwork network, EpochData data, double labelSmoothing) {
        long[] correct = {0};
        Totals totals = forEachBatch(network, data, labelSmoothing, false,
                (labels, output) -> correct[0] += BatchArrays.correct(output, labels));
        return new NetworkTrainer.Score(totals.meanLoss(), (double) correct[0] / Math.max(1, totals.examples()));
    }

    private record Totals(double lossSum, long examples) {
        double meanLoss() {
            return lossSum / Math.max(1, examples);
        }
    }

    /** Runs inference over every batch (Keras's evaluate: mean loss weighted by batch size), handing outputs on. */
    private static Totals forEachBatch(CompiledNetwork network, EpochData data, double labelSmoothing, boolean testTimeFlip,
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
                if (testTimeFlip) {
                    INDArray mirrored = BatchArrays.toDataSet(HorizontalFlip.of(batch, shape), shape, classes).getFeatures();
                    INDArray output = net.output(dataSet.getFeatures()).add(net.output(mirrored)).divi(2);
                    onBatch.accept(dataSet.getLabels(), output);
                    lossSum += loss(net, dataSet.getLabels(), output) * batch.size();
                } else {
                    onBatch.accept(dataSet.getLabels(), net.output(dataSet.getFeatures()));
                    lossSum += net.score(dataSet) * batch.size();
                }
                examples += batch.size();
            }
        }
        return new Totals(lossSum, examples);
    }

    /**
     * The network's loss of outputs it did not compute itself (averaged ones): its loss function applied to them as
     * they are. A cross-entropy's probabilities are clipped at 1e-7 as Keras clips them, so a mean of 0 stays finite.
     */
    private static double loss(Dl4jNetwork net, INDArray labels, INDArray output) {
        var layer = net.outputLayer().conf().getLayer();
        ILossFunction lossFunction = layer instanceof BaseOutputLayer outputLayer ? outputLayer.getLossFn() : ((LossLayer) layer).getLossFn();
        INDArray scored = lossFunction instanceof LossMCXENT ? Transforms.max(output, 1e-7, true) : output;
        return lossFunction.computeScore(labels, scored, new ActivationIdentity(), null, true);
    }

    /** Classes with no predictions have undefined precision; report 0 as scikit-learn does. */
    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0.0;
    }
}
