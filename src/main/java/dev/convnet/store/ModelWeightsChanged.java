package dev.convnet.store;

import java.util.UUID;

/** Published after a model's stored weights were replaced, so that loaded copies are dropped. */
public record ModelWeightsChanged(UUID modelId) {
}
