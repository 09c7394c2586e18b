package dev.convnet.definition;

/** What shape inference learned about one layer: its input and output shapes and its Keras parameter counts. */
public record LayerShape(int index, LayerSpec layer, TensorShape input, TensorShape output,
                         long trainableParams, long nonTrainableParams) {

    public long params() {
        return trainableParams + nonTrainableParams;
    }
}
