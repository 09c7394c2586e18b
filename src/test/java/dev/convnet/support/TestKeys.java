package dev.convnet.support;

/** The secrets of the keys src/test/resources/config/application.yml configures (as SHA-256) in every test context. */
public final class TestKeys {

    public static final String ADMIN = "test-admin-key";
    public static final String PREDICT = "test-predict-key";
    public static final String TRAIN = "test-train-key";
    public static final String MANAGE = "test-manage-key";

    private TestKeys() {
    }

    /** The secret of the key holding exactly this scope. */
    public static String forScope(String scope) {
        return switch (scope) {
            case "admin" -> ADMIN;
            case "predict" -> PREDICT;
            case "train" -> TRAIN;
            case "manage" -> MANAGE;
            default -> throw new IllegalArgumentException("no test key for scope " + scope);
        };
    }
}
