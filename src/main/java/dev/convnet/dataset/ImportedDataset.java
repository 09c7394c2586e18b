package dev.convnet.dataset;

/** An imported upload: what was stored, and its images as loaded in memory. */
public record ImportedDataset(UploadedDatasetMetadata metadata, DatasetSplits splits) {
}
