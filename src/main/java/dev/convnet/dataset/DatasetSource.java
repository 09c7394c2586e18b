package dev.convnet.dataset;

public enum DatasetSource {
    BUILT_IN,
    UPLOADED
}
