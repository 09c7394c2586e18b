package dev.convnet.definition;

/**
 * What a node admits as a definition, checked at each stage of parsing so that nothing large is built before it
 * is refused. Each check throws {@link dev.convnet.common.LimitExceededException} naming the field, its value and
 * the limit.
 */
public interface DefinitionLimits {

    /** No limits: for reading back what was stored. */
    DefinitionLimits NONE = new DefinitionLimits() {
        @Override
        public void checkLayerCount(int count, String pointer) {
        }

        @Override
        public void checkSizes(ModelDefinition definition) {
        }

        @Override
        public void checkArchitecture(Architecture architecture) {
        }
    };

    /** Before any layer is read: a document of a million layers is refused without reading them. */
    void checkLayerCount(int count, String pointer);

    /** After reading, before shapes are inferred: the input's size and each layer's filters or units. */
    void checkSizes(ModelDefinition definition);

    /** After shape inference: parameters, and the memory training would need. */
    void checkArchitecture(Architecture architecture);
}
