package dev.convnet.dataset;

/** How a built-in dataset's files are laid out and read. */
public enum DatasetFormat {
    /** IDX images and labels files, gzipped or not (MNIST, Fashion-MNIST). */
    IDX,
    CIFAR_10_BINARY,
    CIFAR_100_BINARY_FINE,
    CIFAR_100_BINARY_COARSE
}
