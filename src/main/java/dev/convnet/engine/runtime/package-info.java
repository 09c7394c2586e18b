/** The native runtime: which ND4J binary runs, BLAS and OpenMP threads, oneDNN, native memory, the CPU share between training and serving. */
@NamedInterface("runtime")
package dev.convnet.engine.runtime;

import org.springframework.modulith.NamedInterface;
