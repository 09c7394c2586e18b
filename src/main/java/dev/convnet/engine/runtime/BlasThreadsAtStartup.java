package dev.convnet.engine.runtime;

import dev.convnet.engine.EngineProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sizes the engine's process-wide thread pool from {@link EngineProperties} when the application starts. */
@Component
class BlasThreadsAtStartup {

    private static final Logger log = LoggerFactory.getLogger(BlasThreadsAtStartup.class);

    BlasThreadsAtStartup(EngineProperties properties) {
        EngineThreads.setBlasThreads(properties.blasThreads());
        log.info("OpenBLAS runs on {} thread(s)", EngineThreads.blasThreads());
    }
}
