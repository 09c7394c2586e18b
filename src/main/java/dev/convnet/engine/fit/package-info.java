/** Training and evaluating a compiled network: updaters, schedules, epochs, progress. */
@NamedInterface("fit")
package dev.convnet.engine.fit;

import org.springframework.modulith.NamedInterface;
