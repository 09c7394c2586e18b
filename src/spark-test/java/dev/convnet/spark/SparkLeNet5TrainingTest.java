package dev.convnet.spark;

import dev.convnet.dataset.IdxReader;
import dev.convnet.dataset.ImageSet;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.support.TestDatasets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Data-parallel training of the LeNet-5 preset with dl4j-spark 1.0.0-M2 over the service's DL4J 1.0.0-M2.1 core, in
 * Spark's local mode with two executor threads, on a slice of real MNIST for one epoch (docs/SCALING.md, "One job
 * larger than a node"). Both of dl4j-spark's ways: parameter averaging, and gradient sharing over Aeron.
 */
class SparkLeNet5TrainingTest {

    private static final Logger log = LoggerFactory.getLogger(SparkLeNet5TrainingTest.class);

    private static final int TRAIN_IMAGES = 2_000;
    private static final int TEST_IMAGES = 500;
    private static final int BATCH_PER_WORKER = 32;
    // Ten classes: chance is 0.1. One epoch over 2,000 images reaches about 0.8; half of that is far above chance
    // and still holds on a host loaded enough to reorder the workers' updates.
    private static final double MIN_ACCURACY = 0.5;

    private static JavaSparkContext spark;
    private static List<DataSet> train;
    private static List<DataSet> test;

    @BeforeAll
    static void startSpark() throws IOException {
        assumeTrue(TestDatasets.mnistAvailable(), "MNIST not found under " + TestDatasets.sharedDatasetsDir());
        Path mnist = TestDatasets.sharedDatasetsDir().resolve("mnist");
        train = minibatches(IdxReader.read(mnist.resolve("train-images-idx3-ubyte.gz"), mnist.resolve("train-labels-idx1-ubyte.gz"),
                digits()), TRAIN_IMAGES, BATCH_PER_WORKER);
        test = minibatches(IdxReader.read(mnist.resolve("t10k-images-idx3-ubyte.gz"), mnist.resolve("t10k-labels-idx1-ubyte.gz"),
                digits()), TEST_IMAGES, 100);
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("lenet5-data-parallel")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.close();
        }
    }

    @Test
    void parameterAveragingOverTwoWorkersLearnsDigits() throws IOException {
        TrainingMaster<?, ?> averaging = new ParameterAveragingTrainingMaster.Builder(BATCH_PER_WORKER)
                .batchSizePerWorker(BATCH_PER_WORKER)
                .averagingFrequency(5)
                .workerPrefetchNumBatches(0)
                .build();

        assertThat(trainAndEvaluate(averaging)).isGreaterThan(MIN_ACCURACY);
    }

    @Test
    void gradientSharingOverTwoWorkersLearnsDigits() throws IOException {
        VoidConfiguration transport = VoidConfiguration.builder()
                .controllerAddress("127.0.0.1")
                .networkMask("127.0.0.0/8")
                .unicastPort(40123)
                .build();
        TrainingMaster<?, ?> sharing = new SharedTrainingMaster.Builder(transport, BATCH_PER_WORKER)
                .batchSizePerWorker(BATCH_PER_WORKER)
                .workersPerNode(1)
                .build();

        assertThat(trainAndEvaluate(sharing)).isGreaterThan(MIN_ACCURACY);
    }

    private static double trainAndEvaluate(TrainingMaster<?, ?> master) throws IOException {
        MultiLayerNetwork lenet = new NetworkCompiler().compile(lenet5(), 42, new Adam(1e-3)).network();
        SparkDl4jMultiLayer distributed = new SparkDl4jMultiLayer(spark, lenet, master);

        long start = System.nanoTime();
        MultiLayerNetwork trained = distributed.fit(spark.parallelize(train, 2));
        double seconds = (System.nanoTime() - start) / 1e9;

        Evaluation evaluation = new Evaluation(10);
        for (DataSet batch : test) {
            evaluation.eval(batch.getLabels(), trained.output(batch.getFeatures()));
        }
        log.info("{}: {} images in {} s ({} images/s), test accuracy {}", master.getClass().getSimpleName(), TRAIN_IMAGES,
                String.format("%.1f", seconds), String.format("%.0f", TRAIN_IMAGES / seconds),
                String.format("%.4f", evaluation.accuracy()));
        return evaluation.accuracy();
    }

    private static Architecture lenet5() throws IOException {
        try (InputStream preset = SparkLeNet5TrainingTest.class.getResourceAsStream("/presets/lenet5.json")) {
            return new DefinitionParser().parse(JsonMapper.builder().build().readTree(preset)).architecture();
        }
    }

    private static List<String> digits() {
        return IntStream.range(0, 10).mapToObj(Integer::toString).toList();
    }

    /** The first {@code count} images as NCHW float minibatches scaled to [0, 1], labels one-hot. */
    private static List<DataSet> minibatches(ImageSet images, int count, int batchSize) {
        int pixels = images.imageSize();
        List<DataSet> batches = new ArrayList<>();
        for (int start = 0; start < count; start += batchSize) {
            int size = Math.min(batchSize, count - start);
            float[] features = new float[size * pixels];
            float[] labels = new float[size * 10];
            for (int i = 0; i < size; i++) {
                for (int p = 0; p < pixels; p++) {
                    features[i * pixels + p] = (images.pixels()[(start + i) * pixels + p] & 0xff) / 255f;
                }
                labels[i * 10 + images.label(start + i)] = 1f;
            }
            batches.add(new DataSet(Nd4j.create(features, new long[] {size, 1, images.height(), images.width()}),
                    Nd4j.create(labels, new long[] {size, 10})));
        }
        return batches;
    }
}
