package dev.convnet.dataset;

/** A class of a dataset: its label index and name. */
public record DatasetClass(int index, String name) {
}
