package dev.convnet.engine.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LayerHelpersTest {

    @AfterEach
    void helpersBackOn() {
        System.setProperty(LayerHelpers.DISABLE_PROPERTY, "false");
    }

    @Test
    void theChosenBinaryIsTheOneNd4jLoaded() {
        EngineStatus status = LayerHelpers.enable();
        NativeBinarySelection selection = NativeBinaries.selection().orElseThrow();

        assertThat(status.binary()).isEqualTo(selection.classifier());
        assertThat(status.oneDnn()).isEqualTo(selection.variant().oneDnn());
    }

    @Test
    void everyConvPoolAndBatchNormLayerRunsWithItsOneDnnHelperOnAOneDnnBuild() {
        EngineStatus status = LayerHelpers.enable();
        // Platforms without a oneDNN build (arm64) run DL4J's own path: nothing to attach there.
        assumeTrue(NativeBinaries.selection().orElseThrow().variant().oneDnn(), "no oneDNN build on this platform");

        assertThat(status.binary()).contains("-onednn");
        assertThat(status.oneDnn()).isTrue();
        assertThat(status.helpersActive()).isTrue();
        assertThat(status.problems()).containsExactlyElementsOf(NativeBinaries.selection().orElseThrow().warnings());

        MultiLayerNetwork network = smallCnn();
        network.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 1, 8, 8), Nd4j.eye(2).castTo(DataType.FLOAT)));

        // Checked after a training step: a layer drops a helper that failed at run time.
        assertThat(LayerHelpers.layersMissingHelper(network)).isEmpty();
        assertThat(network.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(network.getLayer(1).getHelper()).isInstanceOf(MKLDNNBatchNormHelper.class);
        assertThat(network.getLayer(2).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
        assertThat(network.getLayer(3).getHelper()).isNull();
        LayerHelpers.requireHelpers(network);
    }

    @Test
    void requireHelpersNamesTheLayersOfANetworkBuiltWhileHelpersWereOff() {
        LayerHelpers.enable();
        System.setProperty(LayerHelpers.DISABLE_PROPERTY, "true");
        MultiLayerNetwork plain = smallCnn();
        System.setProperty(LayerHelpers.DISABLE_PROPERTY, "false");

        assertThat(LayerHelpers.layersMissingHelper(plain))
                .containsExactly("0:ConvolutionLayer", "1:BatchNormalization", "2:SubsamplingLayer");
        assertThatThrownBy(() -> LayerHelpers.requireHelpers(plain))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0:ConvolutionLayer");
    }

    @Test
    void statusReportsWhatTheEngineRunsOn() {
        EngineStatus status = LayerHelpers.enable();

        assertThat(status.blasVendor()).isNotBlank().isNotEqualTo("unknown");
        assertThat(status.ompThreads()).isPositive();
        assertThat(status.binary()).isNotEqualTo("unknown");
        assertThat(status.cpuFeatures()).isNotEmpty();
        // Only what the choice itself warned of (none on x86-64 Linux; "no oneDNN" on arm64).
        assertThat(status.problems()).containsExactlyElementsOf(NativeBinaries.selection().orElseThrow().warnings());
    }

    private static MultiLayerNetwork smallCnn() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).build())
                .layer(new OutputLayer.Builder().nOut(2).build())
                .setInputType(InputType.convolutional(8, 8, 1))
                .build());
        network.init();
        return network;
    }
}
