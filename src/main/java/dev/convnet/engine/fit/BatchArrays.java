package dev.convnet.engine.fit;

import dev.convnet.definition.InputShape;
import dev.convnet.engine.Batch;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Our minibatches as DL4J DataSets (NCHW features, one-hot labels). */
final class BatchArrays {

    private BatchArrays() {
    }

    static DataSet toDataSet(Batch batch, InputShape shape, int classes) {
        long n = batch.size();
        int featureCount = Math.toIntExact(n * shape.size());
        int labelCount = Math.toIntExact(n * classes);
        float[] features = batch.features().length == featureCount ? batch.features() : Arrays.copyOf(batch.features(), featureCount);
        float[] labels = batch.labels().length == labelCount ? batch.labels() : Arrays.copyOf(batch.labels(), labelCount);
        INDArray x = Nd4j.create(features, new long[] {n, shape.channels(), shape.height(), shape.width()}, 'c');
        INDArray y = Nd4j.create(labels, new long[] {n, classes}, 'c');
        return new DataSet(x, y);
    }

    /** How many rows of {@code output} have their largest value where {@code labels} has its one. */
    static long correct(INDArray output, INDArray labels) {
        INDArray predicted = Nd4j.argMax(output, 1);
        INDArray actual = Nd4j.argMax(labels, 1);
        return predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
    }
}
