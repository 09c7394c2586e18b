package dev.convnet.definition;

/**
 * A model is either a definition (initial weights, or weights set by hand) or a model with learned weights: the
 * result of a training job, or a model file imported with its weights ({@link Lineage} says which).
 */
public enum ModelKind { DEFINITION, TRAINED }
