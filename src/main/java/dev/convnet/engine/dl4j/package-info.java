/** Definitions compiled to DL4J networks, DL4J model files and the activations the engine maps to DL4J. */
@NamedInterface("dl4j")
package dev.convnet.engine.dl4j;

import org.springframework.modulith.NamedInterface;
