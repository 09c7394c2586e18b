package dev.convnet.engine.keras;

import dev.convnet.common.Tensor;
import dev.convnet.engine.dl4j.InvalidModelFileException;
import dev.convnet.engine.dl4j.WeightSlot;
import dev.convnet.engine.runtime.NativeLibraryUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Keras 2 HDF5 model file ({@code model.save("m.h5")}), read with DL4J's own HDF5 reader.
 *
 * <p>Why not {@code KerasModelImport}: it builds its own DL4J network from the Keras config, in Keras's NHWC
 * layout with its own layer mapping, which is not the NCHW network {@link NetworkCompiler} builds and the
 * rest of the service (training, checkpoints, tensor layouts at the API) relies on. Going through the
 * definition instead gives the import every check and error message of a posted definition, and the
 * weights the one Keras-layout conversion {@link CompiledNetwork#setKerasWeights} already does.
 */
public final class KerasHdf5File implements AutoCloseable {

    /** The root attributes Keras 2 writes; {@code kerasVersion}, {@code backend}, {@code trainingConfig} may be null. */
    public record Metadata(String modelConfig, String kerasVersion, String backend, String trainingConfig) {
    }

    private static final String WEIGHTS_GROUP = "model_weights";
    private static final int MAX_GROUP_DEPTH = 4;

    private final Hdf5Archive archive;

    private KerasHdf5File(Hdf5Archive archive) {
        this.archive = archive;
    }

    public static KerasHdf5File open(Path file) {
        return open(file, Hdf5Archive::new);
    }

    static KerasHdf5File open(Path file, Function<String, Hdf5Archive> opener) {
        try {
            return new KerasHdf5File(opener.apply(file.toString()));
        } catch (RuntimeException e) {
            // HDF5's messages name the file it was given: the service's own staging path, not the client's business
            String reason = String.valueOf(e.getMessage()).replace(file.toAbsolutePath().toString(), "the upload")
                    .replace(file.toString(), "the upload");
            throw new InvalidModelFileException("the HDF5 file could not be opened: " + reason, e);
        } catch (LinkageError e) {
            throw new NativeLibraryUnavailableException("Keras HDF5 import",
                    "import a DL4J model zip instead, or POST Keras's model.to_json() to /api/v1/models and PUT its "
                            + "get_weights() to /api/v1/models/{id}/weights", e);
        }
    }

    public Metadata metadata() {
        if (!archive.hasAttribute("model_config")) {
            throw new InvalidModelFileException("the HDF5 file has no model_config attribute: it holds weights only "
                    + "(model.save_weights), not a model; save the whole model with model.save(\"m.h5\")");
        }
        try {
            return new Metadata(withoutPadding(archive.readAttributeAsJson("model_config")),
                    optionalString("keras_version"), optionalString("backend"),
                    archive.hasAttribute("training_config") ? withoutPadding(archive.readAttributeAsJson("training_config")) : null);
        } catch (Exception e) {
            throw new InvalidModelFileException("the HDF5 file's model attributes could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * The weight arrays for the given slots, in their order, from {@code model_weights/<layer>/.../<role>:0}
     * (Keras 2 nests them under the layer's name scope; the search below takes whatever nesting is there).
     */
    public List<Tensor> weights(List<WeightSlot> slots) {
        if (!slots.isEmpty() && !archive.getGroups().contains(WEIGHTS_GROUP)) {
            throw new InvalidModelFileException("the HDF5 file has no " + WEIGHTS_GROUP + " group; save the model "
                    + "with its weights (model.save(\"m.h5\"))");
        }
        List<Tensor> arrays = new ArrayList<>();
        for (WeightSlot slot : slots) {
            List<String> path = find(new ArrayList<>(List.of(WEIGHTS_GROUP, slot.layerName())), slot.role(), 0);
            if (path == null) {
                throw new InvalidModelFileException("the HDF5 file has no weight '" + slot.role() + "' for layer '"
                        + slot.layerName() + "' under " + WEIGHTS_GROUP + "/" + slot.layerName());
            }
            String dataset = path.remove(path.size() - 1);
            long[] declared = dimensions(path, dataset);
            if (!Arrays.equals(declared, Arrays.stream(slot.shape()).asLongStream().toArray())) {
                // DL4J would allocate whatever the file declares before reading: a few bytes can declare terabytes
                throw new InvalidModelFileException("weight " + String.join("/", path) + "/" + dataset + " has shape "
                        + Arrays.toString(declared) + " in the file, but " + slot.displayName() + " of the definition"
                        + " is " + slot.shapeText());
            }
            try {
                INDArray array = archive.readDataSet(dataset, path.toArray(String[]::new)).dup('c');
                int[] shape = Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray();
                arrays.add(new Tensor(shape, array.data().asFloat()));
            } catch (Exception e) {
                throw new InvalidModelFileException("weight " + String.join("/", path) + "/" + dataset
                        + " could not be read: " + e.getMessage(), e);
            }
        }
        return arrays;
    }

    /** A dataset's dimensions from its header, without reading (or allocating) its values. */
    private long[] dimensions(List<String> groups, String dataset) {
        synchronized (Hdf5Archive.LOCK_OBJECT) { // the HDF5 library is not thread-safe; DL4J locks on this
            Group[] opened = archive.openGroups(groups.toArray(String[]::new));
            try {
                DataSet data = opened[opened.length - 1].openDataSet(dataset);
                DataSpace space = data.getSpace();
                try {
                    long[] dims = new long[Math.max(0, space.getSimpleExtentNdims())];
                    space.getSimpleExtentDims(dims);
                    return dims;
                } finally {
                    space.deallocate();
                    data.deallocate();
                }
            } catch (RuntimeException e) {
                throw new InvalidModelFileException("weight " + String.join("/", groups) + "/" + dataset
                        + " could not be read: " + e.getMessage(), e);
            } finally {
                archive.closeGroups(opened);
            }
        }
    }

    /** Group path plus dataset name of {@code role} ("kernel:0" or "kernel") below {@code groups}, or null. */
    private List<String> find(List<String> groups, String role, int depth) {
        String[] at = groups.toArray(String[]::new);
        List<String> datasets;
        List<String> children;
        try {
            datasets = archive.getDataSets(at);
            children = archive.getGroups(at);
        } catch (RuntimeException e) {
            return null; // no such group
        }
        for (String name : List.of(role + ":0", role)) {
            if (datasets.contains(name)) {
                List<String> path = new ArrayList<>(groups);
                path.add(name);
                return path;
            }
        }
        if (depth >= MAX_GROUP_DEPTH) {
            return null;
        }
        for (String child : children) {
            List<String> deeper = new ArrayList<>(groups);
            deeper.add(child);
            List<String> found = find(deeper, role, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private String optionalString(String attribute) throws Exception {
        return archive.hasAttribute(attribute) ? withoutPadding(archive.readAttributeAsString(attribute)) : null;
    }

    /** DL4J reads attributes into fixed buffers; what follows the value is NUL padding. */
    private static String withoutPadding(String value) {
        int end = value.indexOf('\0');
        return (end < 0 ? value : value.substring(0, end)).strip();
    }

    @Override
    public void close() {
        archive.close();
    }
}
