/** Definitions exported as ONNX models, and networks served by ONNX Runtime. */
@NamedInterface("onnx")
package dev.convnet.engine.onnx;

import org.springframework.modulith.NamedInterface;
