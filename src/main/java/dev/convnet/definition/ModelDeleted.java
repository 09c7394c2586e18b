package dev.convnet.definition;

import java.util.UUID;

/** Published after a model definition is deleted, so that its files and loaded networks go too. */
public record ModelDeleted(UUID modelId) {
}
