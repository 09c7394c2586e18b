package dev.convnet.engine.onnx;

import dev.convnet.definition.Activation;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.definition.InvalidDefinitionException;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random valid definitions: conv / pooling / batch-norm / activation / dropout stacks, then a flatten or global
 * pooling and dense layers, or a spatial output; every activation, both paddings, strides 1-2. Softmax only on dense
 * layers of 2 units or more: DL4J refuses it on one unit, and the export refuses it on spatial tensors. A draw that
 * shape inference refuses (a window larger than its input) is drawn again.
 */
final class RandomDefinitions {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Activation[] ACTIVATIONS = Activation.values();

    private RandomDefinitions() {
    }

    static Architecture draw(long seed) {
        Random random = new Random(seed);
        while (true) {
            ObjectNode document = document(random);
            try {
                return new DefinitionParser().parse(document).architecture();
            } catch (InvalidDefinitionException refused) {
                // draw again from the same generator
            }
        }
    }

    private static ObjectNode document(Random random) {
        ObjectNode document = JSON.createObjectNode().put("name", "random");
        document.putArray("inputShape").add(6 + random.nextInt(12)).add(6 + random.nextInt(12)).add(1 + random.nextInt(4));
        ArrayNode layers = document.putArray("layers");
        int blocks = 1 + random.nextInt(3);
        for (int b = 0; b < blocks; b++) {
            ObjectNode conv = layers.addObject().put("type", "conv2d").put("filters", 1 + random.nextInt(8));
            conv.putArray("kernelSize").add(1 + random.nextInt(3)).add(1 + random.nextInt(3));
            conv.putArray("strides").add(1 + random.nextInt(2)).add(1 + random.nextInt(2));
            conv.put("padding", random.nextBoolean() ? "same" : "valid").put("activation", spatialActivation(random))
                    .put("useBias", random.nextInt(4) != 0);
            if (random.nextInt(3) == 0) {
                layers.addObject().put("type", "batchNormalization").put("epsilon", random.nextBoolean() ? 0.001 : 1e-5);
            }
            if (random.nextInt(3) == 0) {
                layers.addObject().put("type", "activation").put("activation", spatialActivation(random));
            }
            if (random.nextBoolean()) {
                ObjectNode pool = layers.addObject().put("type", random.nextBoolean() ? "maxPooling2d" : "averagePooling2d");
                pool.putArray("poolSize").add(1 + random.nextInt(3)).add(1 + random.nextInt(3));
                pool.putArray("strides").add(1 + random.nextInt(2)).add(1 + random.nextInt(2));
                pool.put("padding", random.nextBoolean() ? "same" : "valid");
            }
            if (random.nextInt(4) == 0) {
                layers.addObject().put("type", "dropout").put("rate", 0.25);
            }
        }
        int head = random.nextInt(5);
        if (head == 0) {
            return document; // a spatial output
        }
        layers.addObject().put("type", switch (head) {
            case 1 -> "globalMaxPooling2d";
            case 2 -> "globalAveragePooling2d";
            default -> "flatten";
        });
        int dense = random.nextInt(3);
        for (int d = 0; d < dense; d++) {
            if (random.nextInt(3) == 0) {
                layers.addObject().put("type", "batchNormalization");
            }
            boolean last = d == dense - 1;
            int units = 1 + random.nextInt(12);
            layers.addObject().put("type", "dense").put("units", units)
                    .put("activation", last && units > 1 && random.nextBoolean() ? "softmax" : spatialActivation(random))
                    .put("useBias", random.nextInt(4) != 0);
        }
        return document;
    }

    /** Any activation but softmax. */
    private static String spatialActivation(Random random) {
        Activation activation;
        do {
            activation = ACTIVATIONS[random.nextInt(ACTIVATIONS.length)];
        } while (activation == Activation.SOFTMAX);
        return activation.kerasName();
    }
}
