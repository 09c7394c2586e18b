package dev.convnet.common;

/**
 * A request over one of the node's limits (convnet.limits.*): answered 413 with the field at fault, its value,
 * the limit and the setting that sets it. A {@link BadRequestException}, so whatever reports bad input reports it.
 */
public class LimitExceededException extends BadRequestException {

    private final long value;
    private final long limit;
    private final String setting;

    public LimitExceededException(String field, long value, long limit, String setting, String message) {
        super(field, message);
        this.value = value;
        this.limit = limit;
        this.setting = setting;
    }

    public long value() {
        return value;
    }

    public long limit() {
        return limit;
    }

    /** The configuration key of the limit, e.g. {@code convnet.limits.max-parameters}. */
    public String setting() {
        return setting;
    }
}
