package dev.convnet.models;

import java.util.UUID;

/** Published after a model definition is deleted, so that its files and loaded networks go too. */
public record ModelDeleted(UUID modelId) {
}
