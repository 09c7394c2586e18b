package dev.convnet.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** The lesson's networks, kept as plain definition documents under {@code presets/} on the classpath. */
@Component
public class PresetCatalog {

    private final List<Preset> presets;

    public PresetCatalog(ObjectMapper json) {
        this.presets = List.of(
                load(json, "detector", "The lesson's vertical-line detector: Conv2D 1 filter 3x3 relu on 8x8x1, then GlobalMaxPooling2D"),
                load(json, "lenet5", "The lesson's LeNet-5 for 28x28x1 digits (tanh, average pooling), 545,546 parameters"),
                load(json, "cifar10-cnn", "The Keras CIFAR-10 CNN of the lesson (conv 32/32/64/64, max pooling, dropout, dense 512), 1,250,858 parameters"),
                load(json, "cifar10-resnet", "An improved CIFAR-10 network: batch normalization, residual blocks of 32/64/128 filters,"
                        + " global average pooling, L2 5e-4 on the kernels, 309,994 parameters (1,344 non-trainable)"),
                load(json, "cifar100-resnet", "The CIFAR-10 residual network adapted to CIFAR-100: twice the width (64/128/256)"
                        + " for ten times the classes, more dropout, 100-way softmax, 1,253,412 parameters (2,688 non-trainable)"),
                load(json, "mnist-compact", "A compact MNIST network: five 3x3 convs with batch normalization (32/32/64/64/128),"
                        + " two max poolings, global average pooling, 141,098 parameters (640 non-trainable)"),
                load(json, "resnet18-imagenet", "A ResNet-18-like graph for ImageNet-style folders: 224x224x3 input, 7x7/2 stem,"
                        + " four stages of two basic blocks (64/128/256/512), 1000 classes, 11,699,112 parameters (9,600 non-trainable)"));
    }

    public List<Preset> all() {
        return presets;
    }

    public Optional<Preset> find(String id) {
        return presets.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private static Preset load(ObjectMapper json, String id, String description) {
        try (InputStream in = new ClassPathResource("presets/" + id + ".json").getInputStream()) {
            return new Preset(id, description, json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("preset " + id + " is missing from the classpath", e);
        }
    }
}
