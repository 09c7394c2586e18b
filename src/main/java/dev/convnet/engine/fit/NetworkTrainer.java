package dev.convnet.engine.fit;

import dev.convnet.definition.InputShape;
import dev.convnet.engine.Batch;
import dev.convnet.engine.EpochData;
import dev.convnet.engine.MemoryEstimate;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.Dl4jNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.runtime.NativeMemory;
import dev.convnet.engine.runtime.NativeMemoryExhaustedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.springframework.stereotype.Component;

/**
 * Keras's {@code model.fit} on the engine: minibatch SGD over epochs with the job's optimizer and schedule,
 * running loss and accuracy, validation after each epoch, early stopping, cancellation within one batch,
 * and an immediate stop when the loss diverges.
 */
@Component
public class NetworkTrainer {

    private final NetworkCompiler compiler;

    public NetworkTrainer(NetworkCompiler compiler) {
        this.compiler = compiler;
    }

    public TrainingOutcome train(CompiledNetwork start, TrainingSettings settings, EpochData train, EpochData validation,
                                 TrainingObserver observer) {
        int batchesPerEpoch = (train.examples() + settings.batchSize() - 1) / settings.batchSize();
        IUpdater updater = Updaters.of(settings.optimizer(), settings.schedule(), batchesPerEpoch, settings.epochs());
        CompiledNetwork network = compiler.withUpdater(start, settings.seed(), updater, Updaters.regularization(settings.optimizer()));
        return run(network, settings, train, validation, observer, batchesPerEpoch);
    }

    /** Continues a checkpointed network (which carries its own updater state) from {@code settings.initialEpoch()}. */
    public TrainingOutcome resume(CompiledNetwork checkpoint, TrainingSettings settings, EpochData train, EpochData validation,
                                  TrainingObserver observer) {
        int batchesPerEpoch = (train.examples() + settings.batchSize() - 1) / settings.batchSize();
        return run(checkpoint, settings, train, validation, observer, batchesPerEpoch);
    }

    private TrainingOutcome run(CompiledNetwork network, TrainingSettings settings, EpochData train, EpochData validation,
                                TrainingObserver observer, int batchesPerEpoch) {
        requireMemory(network, settings);
        Dl4jNetwork net = network.dl4j();
        InputShape shape = network.architecture().definition().inputShape();
        int classes = (int) network.architecture().outputShape().lastAxis();
        AccuracyListener accuracy = new AccuracyListener(net);
        net.model().setListeners(accuracy);
        List<EpochResult> history = new ArrayList<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        int epochsWithoutImprovement = 0;
        try {
            for (int epoch = settings.initialEpoch(); epoch < settings.epochs(); epoch++) {
                net.setEpochCount(epoch);
                long started = System.nanoTime();
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                int batchIndex = 0;
                try (EpochData.BatchStream batches = train.epoch(epoch)) {
                    while (batches.hasNext()) {
                        if (observer.cancelRequested()) {
                            return new TrainingOutcome(TrainingOutcome.Status.CANCELLED, network, history);
                        }
                        Batch batch = batches.next();
                        DataSet data = BatchArrays.toDataSet(batch, shape, classes);
                        LabelSmoothing.apply(data.getLabels(), settings.labelSmoothing());
                        accuracy.expect(data.getLabels());
                        fit(net, data, settings.batchSize());
                        double loss = net.model().score();
                        if (!Double.isFinite(loss)) {
                            throw new TrainingDivergedException(epoch, net.iterationCount(), loss);
                        }
                        lossSum += loss * batch.size();
                        correct += accuracy.correct();
                        seen += batch.size();
                        batchIndex++;
                        if (batchIndex % settings.progressEveryIterations() == 0 || batchIndex == batchesPerEpoch) {
                            double seconds = (System.nanoTime() - started) / 1e9;
                            observer.onIteration(new IterationProgress(epoch, net.iterationCount(), batchIndex,
                                    batchesPerEpoch, seen, lossSum / seen, (double) correct / seen, seen / seconds,
                                    learningRate(net, epoch)));
                        }
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                Score validationScore = validation == null ? null : NetworkEvaluator.score(network, validation, settings.labelSmoothing());
                EpochResult result = new EpochResult(epoch, lossSum / Math.max(1, seen), (double) correct / Math.max(1, seen),
                        validationScore == null ? null : validationScore.loss(),
                        validationScore == null ? null : validationScore.accuracy(),
                        learningRate(net, epoch), seconds, seen / seconds);
                history.add(result);
                observer.onEpoch(result, network);
                if (settings.earlyStoppingPatience() > 0) {
                    double monitored = result.validationLoss() != null ? result.validationLoss() : result.loss();
                    if (monitored < bestLoss - settings.earlyStoppingMinDelta()) {
                        bestLoss = monitored;
                        epochsWithoutImprovement = 0;
                    } else if (++epochsWithoutImprovement >= settings.earlyStoppingPatience()) {
                        return new TrainingOutcome(TrainingOutcome.Status.STOPPED_EARLY, network, history);
                    }
                }
            }
            return new TrainingOutcome(TrainingOutcome.Status.COMPLETED, network, history);
        } finally {
            net.model().setListeners(List.of());
        }
    }

    /** Gradients, updater state and a batch's activations are allocated by the first fit: checked before it. */
    private static void requireMemory(CompiledNetwork network, TrainingSettings settings) {
        MemoryEstimate estimate = MemoryEstimate.training(network.architecture(), settings.batchSize(),
                settings.optimizer().updaterStateSlots());
        try {
            NativeMemory.require(estimate.totalBytes(), "training with batch size " + settings.batchSize());
        } catch (NativeMemoryExhaustedException e) {
            throw new TrainingOutOfMemoryException(settings.batchSize(), e);
        }
    }

    private static void fit(Dl4jNetwork net, DataSet data, int batchSize) {
        try {
            net.fit(data);
        } catch (OutOfMemoryError e) {
            throw new TrainingOutOfMemoryException(batchSize, e);
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("allocate")) {
                throw new TrainingOutOfMemoryException(batchSize, e);
            }
            throw e;
        }
    }

    private static double learningRate(Dl4jNetwork net, int epoch) {
        IUpdater updater = null;
        for (var layer : net.layerConfigurations()) {
            updater = layer.getUpdaterByParam("W");
            if (updater != null) {
                break;
            }
        }
        return updater == null || !updater.hasLearningRate() ? Double.NaN : updater.getLearningRate(net.iterationCount(), epoch);
    }

    record Score(double loss, double accuracy) {
    }

    /**
     * Counts correct predictions from the forward pass that training does anyway, so accuracy costs no second
     * pass. During fit DL4J hands listeners the activations up to the output layer's input; the output layer's
     * pre-activation (x.W + b, or x itself for a parameterless loss layer) has the same argmax as its output,
     * since output activations are monotonic.
     */
    private static final class AccuracyListener extends BaseTrainingListener {

        private final Dl4jNetwork net;
        private INDArray labels;
        private long correct;

        AccuracyListener(Dl4jNetwork net) {
            this.net = net;
        }

        void expect(INDArray batchLabels) {
            labels = batchLabels;
            correct = 0;
        }

        long correct() {
            return correct;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            count(activations.get(activations.size() - 1));
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            if (net instanceof Dl4jNetwork.Graph graph) {
                count(graph.outputLayerInput(activations));
            }
        }

        private void count(INDArray outputLayerInput) {
            INDArray input = outputLayerInput;
            if (labels == null || input == null) {
                return;
            }
            long rows = labels.size(0);
            if (input.size(0) != rows) {
                return;
            }
            if (input.rank() == 4) {
                input = input.dup('c').reshape('c', rows, input.length() / rows); // the flatten preprocessor's order
            }
            if (input.rank() != 2) {
                return;
            }
            org.deeplearning4j.nn.api.Layer output = net.outputLayer();
            INDArray weights = output.numParams() > 0 ? output.getParam("W") : null;
            INDArray logits;
            if (weights != null && weights.size(0) == input.size(1)) {
                logits = input.mmul(weights);
                INDArray bias = output.getParam("b");
                if (bias != null) {
                    logits.addiRowVector(bias.reshape(1, bias.length()));
                }
            } else if (weights == null && input.size(1) == labels.size(1)) {
                logits = input;
            } else {
                return;
            }
            correct = BatchArrays.correct(logits, labels);
        }
    }
}
