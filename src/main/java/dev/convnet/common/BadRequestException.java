package dev.convnet.common;

/** Input that is well-formed JSON but wrong for the request; {@code field} names the culprit (a JSON pointer). */
public class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
