package bench;

import dev.convnet.definition.Architecture;
import dev.convnet.definition.InputShape;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Bytes of what a node moves to and from artifact storage per preset: the model file (weights only, as stored and
 * loaded for serving) and a training checkpoint (weights plus the optimizer's state), after one training step so that
 * the optimizer's state exists. Feeds the object-store traffic model of docs/SCALING.md.
 * Usage: bench/run.sh bench.ArtifactSizes
 */
public final class ArtifactSizes {

    private ArtifactSizes() {
    }

    public static void main(String[] args) throws IOException {
        NetworkCompiler compiler = new NetworkCompiler();
        for (String preset : new String[] {"lenet5", "cifar10-cnn"}) {
            Architecture architecture = ConvnetBenchmark.preset(preset);
            CompiledNetwork plain = compiler.compile(architecture, 42);
            System.out.printf("%s params=%d model-file=%d bytes checkpoint-sgd=%d bytes checkpoint-adam=%d bytes%n", preset,
                    plain.numParams(), bytes(plain, false), checkpointBytes(compiler, architecture, new Sgd(0.01)),
                    checkpointBytes(compiler, architecture, new Adam(1e-3)));
        }
    }

    private static long checkpointBytes(NetworkCompiler compiler, Architecture architecture, IUpdater updater) throws IOException {
        CompiledNetwork network = compiler.compile(architecture, 42, updater);
        InputShape input = architecture.definition().inputShape();
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, input.channels(), input.height(), input.width());
        // The output's width is the class count (the last DL4J layer may be an appended loss layer without a size).
        INDArray labels = Nd4j.zeros(DataType.FLOAT, network.network().output(images).shape());
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % labels.size(1), 1f);
        }
        network.network().fit(new DataSet(images, labels));
        return bytes(network, true);
    }

    private static long bytes(CompiledNetwork network, boolean checkpoint) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (checkpoint) {
            network.writeCheckpointTo(out);
        } else {
            network.writeTo(out);
        }
        return out.size();
    }
}
