package dev.convnet;

import dev.convnet.engine.runtime.NativeMemoryLimits;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ConvnetServiceApplication {

    public static void main(String[] args) {
        NativeMemoryLimits.applyDefaults();
        SpringApplication.run(ConvnetServiceApplication.class, args);
    }
}
