package dev.convnet.experiment;

import dev.convnet.common.BadRequestException;

/** A variant whose training job would be refused: {@code field} points into the variant's job. */
class InvalidVariantException extends BadRequestException {

    private final String variant;

    InvalidVariantException(String variant, String field, String message) {
        super(field, "variant '" + variant + "': " + message);
        this.variant = variant;
    }

    String variant() {
        return variant;
    }
}
