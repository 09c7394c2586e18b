package dev.convnet.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sizes the engine's process-wide thread pool from {@link EngineProperties} when the application starts. */
@Component
class EngineThreadPools {

    private static final Logger log = LoggerFactory.getLogger(EngineThreadPools.class);

    EngineThreadPools(EngineProperties properties) {
        EngineThreads.setBlasThreads(properties.blasThreads());
        log.info("OpenBLAS runs on {} thread(s)", EngineThreads.blasThreads());
    }
}
