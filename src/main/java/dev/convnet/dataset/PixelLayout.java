package dev.convnet.dataset;

/** Memory order of the float features of a batch. */
public enum PixelLayout {
    /** batch, height, width, channels: Keras's channels_last, the order images are stored in. */
    NHWC,
    /** batch, channels, height, width: DL4J's default convolution order. */
    NCHW
}
