package dev.convnet.engine.runtime;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Chooses the ND4J build as soon as the configuration is known and before any bean can touch ND4J, so that
 * {@code convnet.engine.native-binary} works from every place Spring reads settings (application.yml, the
 * environment variable {@code CONVNET_ENGINE_NATIVEBINARY}, command-line arguments). Registered in
 * {@code META-INF/spring.factories}.
 */
public class NativeBinaryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public NativeBinaryEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(NativeBinaryEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String requested = Binder.get(environment).bind(NativeBinaries.SETTING, String.class)
                .orElse(NativeBinarySelector.AUTO);
        boolean firstChoice = NativeBinaries.selection().isEmpty();
        NativeBinarySelection selection = NativeBinaries.select(requested);
        if (firstChoice) {
            log.info("ND4J binary " + selection.classifier() + ": " + selection.reason());
            selection.warnings().forEach(warning -> log.warn(warning));
        } else if (!requested.equalsIgnoreCase(NativeBinarySelector.AUTO)
                && !requested.equalsIgnoreCase(selection.requested())) {
            log.warn(NativeBinaries.SETTING + "=" + requested + " ignored: this JVM already loads "
                    + selection.classifier() + " (" + selection.reason() + "); the choice takes a restart");
        }
    }

    /** After the configuration files are read (ConfigDataEnvironmentPostProcessor's order is HIGHEST + 10). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
