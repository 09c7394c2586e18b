package dev.convnet.dataset;

public enum DatasetSource {
    BUILT_IN,
    UPLOADED,
    /** Streamed from a configured folder of images. */
    FOLDER
}
