package dev.convnet.inference;

import dev.convnet.engine.MemoryEstimate;
import dev.convnet.engine.ServingNetwork;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.onnx.OnnxExportException;
import dev.convnet.engine.onnx.OnnxModelWriter;
import dev.convnet.engine.onnx.OnnxRuntimeException;
import dev.convnet.engine.onnx.OnnxRuntimeNetwork;
import dev.convnet.engine.onnx.OnnxSessionMemory;
import dev.convnet.store.StoredNetworks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The networks a loaded model's workers compute with, one per worker, on the engine {@code convnet.inference.engine}
 * chooses. ONNX Runtime: the stored network exported to ONNX in memory, in one session that every worker shares
 * (its runs are thread-safe), with {@link InferenceProperties#onnxRuntimeIntraOpThreads()} intra-op threads. It answers as the
 * DL4J serving network to 1e-5 (OnnxExportParityTest) and was faster at batch 1 and at batch 256 (docs/BENCHMARKS.md,
 * serving engines in process). DL4J: channels-last copies of the network, one per worker; also the
 * fallback for a network the export refuses or ONNX Runtime cannot run.
 *
 * <p>Each model's networks are charged to the loaded models' memory before they are built: an ONNX Runtime session
 * its {@link OnnxSessionMemory} estimate (weights twice plus a measured overhead), DL4J its weights once per copy.
 */
@Component
class ServingNetworks {

    private static final Logger log = LoggerFactory.getLogger(ServingNetworks.class);

    private final StoredNetworks stored;
    private final NetworkCompiler compiler;
    private final InferenceProperties properties;

    ServingNetworks(StoredNetworks stored, NetworkCompiler compiler, InferenceProperties properties) {
        this.stored = stored;
        this.compiler = compiler;
        this.properties = properties;
    }

    /** Charges a model's networks before they are built: makes room by unloading others, or refuses. */
    interface Reservation {
        ServingMemory.Charge reserve(long bytes, String engine);
    }

    /** A model's networks and the memory charged for them. */
    record Loaded(List<ServingNetwork> networks, ServingMemory.Charge charge) {
    }

    Loaded load(UUID modelId, String modelLabel, Reservation reservation) {
        return build(stored.load(modelId), modelLabel, reservation);
    }

    /** The networks for a trained network, on the configured engine; ONNX Runtime falls back to DL4J as above. */
    Loaded build(CompiledNetwork trained, String modelLabel, Reservation reservation) {
        if (properties.engine() != ServingEngine.DL4J) {
            try {
                byte[] onnx = OnnxModelWriter.write(trained.architecture(), trained.kerasWeights(), "serving");
                ServingMemory.Charge charge = reservation.reserve(OnnxSessionMemory.estimateBytes(onnx), OnnxRuntimeNetwork.ENGINE);
                try {
                    OnnxRuntimeNetwork session = OnnxRuntimeNetwork.open(onnx,
                            trained.architecture().definition().inputShape(), properties.onnxRuntimeIntraOpThreads());
                    return new Loaded(Collections.nCopies(properties.workersPerModel(), session), charge);
                } catch (RuntimeException | Error e) {
                    charge.release();
                    throw e;
                }
            } catch (OnnxExportException | OnnxRuntimeException e) {
                if (properties.engine() == ServingEngine.ONNXRUNTIME || e instanceof OnnxRuntimeException) {
                    log.warn("Model {} is served by DL4J instead of ONNX Runtime: {}", modelLabel, e.getMessage());
                } else {
                    log.info("Model {} is served by DL4J: {}", modelLabel, e.getMessage());
                }
            }
        }
        // one copy of the weights per worker; the activations of a batch are the per-request limit's
        long bytes = MemoryEstimate.times(MemoryEstimate.weightBytes(trained.architecture()), properties.workersPerModel());
        ServingMemory.Charge charge = reservation.reserve(bytes, CompiledNetwork.ENGINE);
        try {
            CompiledNetwork first = compiler.forServing(trained);
            List<ServingNetwork> copies = new ArrayList<>();
            copies.add(first);
            for (int i = 1; i < properties.workersPerModel(); i++) {
                copies.add(first.copy());
            }
            return new Loaded(copies, charge);
        } catch (RuntimeException | Error e) {
            charge.release();
            throw e;
        }
    }
}
