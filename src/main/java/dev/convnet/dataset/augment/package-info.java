/** Keras ImageDataGenerator-style augmentation and the batches an epoch feeds to training. */
@NamedInterface("augment")
package dev.convnet.dataset.augment;

import org.springframework.modulith.NamedInterface;
