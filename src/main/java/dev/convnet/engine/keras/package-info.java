/** Keras weight files (HDF5) and the mapping between Keras's and DL4J's weight layouts. */
@NamedInterface("keras")
package dev.convnet.engine.keras;

import org.springframework.modulith.NamedInterface;
