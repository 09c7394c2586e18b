package dev.convnet.common;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's own settings.
 *
 * @param dataDir where the embedded database and, with local artifact storage, model files live ({@code CONVNET_DATA_DIR})
 * @param api     limits of the HTTP API
 */
@ConfigurationProperties("convnet")
public record ConvnetProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Api api) {

    /** @param maxRequestSize largest accepted request body; larger ones get 413 */
    public record Api(@DefaultValue("64MB") DataSize maxRequestSize) {
    }
}
