package bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.convnet.engine.Batch;
import java.util.Arrays;
import java.util.List;

/** PyTorch 2.7.1 through DJL's PyTorch engine: the lesson's two networks, trained and run in eager mode. */
final class DjlPeer implements AutoCloseable {

    private final Model lenet;
    private final Trainer lenetTrainer;
    private final Model cifar;
    private final Trainer cifarTrainer;
    private final Model cifarInference;

    /** Call before anything touches DJL: the intra-op thread count is read when the engine loads. */
    static String start(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        return engine.getEngineName() + " " + engine.getVersion();
    }

    DjlPeer() {
        lenet = model("lenet5", lenetBlock());
        lenetTrainer = trainer(lenet, Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build(), new Shape(128, 1, 28, 28));
        cifar = model("cifar10_cnn", cifarBlock());
        cifarTrainer = trainer(cifar, KerasRmsProp.lesson(), new Shape(32, 3, 32, 32));
        cifarInference = model("cifar10_cnn_inference", cifarBlock());
        cifarInference.getBlock().initialize(cifarInference.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
    }

    private static Model model(String name, Block block) {
        Model model = Model.newInstance(name, Device.cpu(), "PyTorch");
        model.setBlock(block);
        return model;
    }

    private static Trainer trainer(Model model, Optimizer optimizer, Shape input) {
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer).optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(input);
        return trainer;
    }

    /** LeNet-5 as the preset defines it; softmax folded into the loss, as Keras's cross-entropy does. */
    static Block lenetBlock() {
        return new SequentialBlock()
                .add(conv(6, 5, 2)).add(Activation::tanh)
                .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(1, 1)))
                .add(conv(16, 5, 0)).add(Activation::tanh)
                .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(120, 5, 0)).add(Activation::tanh)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(84).build()).add(Activation::tanh)
                .add(Linear.builder().setUnits(10).build());
    }

    /** The Keras CIFAR-10 CNN preset (the same network bench/pytorch_bench.py builds). */
    static Block cifarBlock() {
        return new SequentialBlock()
                .add(conv(32, 3, 1)).add(Activation::relu).add(conv(32, 3, 0)).add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2))).add(Dropout.builder().optRate(0.25f).build())
                .add(conv(64, 3, 1)).add(Activation::relu).add(conv(64, 3, 0)).add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2))).add(Dropout.builder().optRate(0.25f).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(512).build()).add(Activation::relu).add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(10).build());
    }

    private static Block conv(int filters, int kernel, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(padding, padding)).build();
    }

    /** One pass over the batches (NCHW features, one-hot labels); images per second. */
    double trainLenet(List<Batch> batches) {
        return train(lenetTrainer, batches, new long[] {1, 28, 28});
    }

    double trainCifar(List<Batch> batches) {
        return train(cifarTrainer, batches, new long[] {3, 32, 32});
    }

    private static double train(Trainer trainer, List<Batch> batches, long[] imageShape) {
        int images = 0;
        long start = System.nanoTime();
        for (Batch batch : batches) {
            try (NDManager manager = trainer.getManager().newSubManager()) {
                long[] shape = {batch.size(), imageShape[0], imageShape[1], imageShape[2]};
                NDArray x = manager.create(batch.features(), new Shape(shape));
                NDArray y = manager.create(classIndices(batch.labels(), batch.size()));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(new NDList(x));
                    collector.backward(trainer.getLoss().evaluate(new NDList(y), predictions));
                }
                trainer.step();
            }
            images += batch.size();
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }

    private static long[] classIndices(float[] oneHot, int count) {
        int classes = oneHot.length / count;
        long[] indices = new long[count];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < classes; c++) {
                if (oneHot[i * classes + c] > 0.5f) {
                    indices[i] = c;
                }
            }
        }
        return indices;
    }

    /** Class probabilities for NCHW images, without autograd (as a serving path runs it). */
    float[] predictCifar(float[] images, int count) {
        ParameterStore parameters = new ParameterStore(cifarInference.getNDManager(), false);
        try (NDManager manager = cifarInference.getNDManager().newSubManager()) {
            NDArray x = manager.create(images, new Shape(count, 3, 32, 32));
            NDList out = cifarInference.getBlock().forward(parameters, new NDList(x), false);
            return out.singletonOrThrow().softmax(1).toFloatArray();
        }
    }

    @Override
    public void close() {
        Arrays.asList(lenetTrainer, cifarTrainer).forEach(Trainer::close);
        Arrays.asList(lenet, cifar, cifarInference).forEach(Model::close);
    }
}
