package dev.convnet.definition;

/** A model is either a definition (initial weights, or weights set by hand) or the result of a training job. */
public enum ModelKind { DEFINITION, TRAINED }
