package dev.convnet.inference;

import dev.convnet.common.Tensor;
import java.util.Arrays;
import java.util.List;

/** Requests merged along the batch dimension into one network input, and the output split back among them. */
final class MergedBatch {

    private MergedBatch() {
    }

    /** The requests' inputs one after the other: {@code rows} rows in all. */
    static Tensor inputs(List<PendingPrediction> batch, int rows) {
        if (batch.size() == 1) {
            return batch.get(0).inputs();
        }
        int[] shape = batch.get(0).inputs().shape().clone();
        int rowSize = batch.get(0).inputs().data().length / shape[0];
        float[] data = new float[rows * rowSize];
        int offset = 0;
        for (PendingPrediction pending : batch) {
            float[] part = pending.inputs().data();
            System.arraycopy(part, 0, data, offset, part.length);
            offset += part.length;
        }
        shape[0] = rows;
        return new Tensor(shape, data);
    }

    /** Completes each request with its own rows of {@code outputs}. */
    static void complete(List<PendingPrediction> batch, Tensor outputs, int rows) {
        if (batch.size() == 1) {
            batch.get(0).result().complete(outputs);
            return;
        }
        int[] rowShape = Arrays.copyOfRange(outputs.shape(), 1, outputs.shape().length);
        int rowSize = outputs.data().length / rows;
        int offset = 0;
        for (PendingPrediction pending : batch) {
            int n = pending.rows();
            float[] data = new float[n * rowSize];
            System.arraycopy(outputs.data(), offset * rowSize, data, 0, data.length);
            int[] shape = new int[rowShape.length + 1];
            shape[0] = n;
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
            pending.result().complete(new Tensor(shape, data));
            offset += n;
        }
    }
}
