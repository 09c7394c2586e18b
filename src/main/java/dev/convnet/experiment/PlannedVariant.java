package dev.convnet.experiment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A variant ready to run: its name, the patch it was made from, and the whole training job it is. */
record PlannedVariant(String name, JsonNode patch, ObjectNode job) {
}
