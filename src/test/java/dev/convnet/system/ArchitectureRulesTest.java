package dev.convnet.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout's rules, checked on the sources so that they cannot rot silently. */
class ArchitectureRulesTest {

    private static final Path MAIN = Path.of("src", "main", "java", "dev", "convnet");
    private static final Pattern DL4J_IMPORT = Pattern.compile("^import (static )?org\\.(deeplearning4j|nd4j)\\.", Pattern.MULTILINE);
    private static final Pattern WEB_IMPORT = Pattern.compile("^import org\\.springframework\\.web\\.", Pattern.MULTILINE);

    private static List<Path> sources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheEngineKnowsDl4j() {
        List<Path> offenders = sources(MAIN).stream()
                .filter(file -> !file.startsWith(MAIN.resolve("engine")))
                .filter(file -> DL4J_IMPORT.matcher(read(file)).find())
                .toList();
        assertThat(sources(MAIN)).isNotEmpty();
        assertThat(offenders).as("DL4J/ND4J imports outside dev.convnet.engine").isEmpty();
    }

    @Test
    void theEngineKnowsNoHttp() {
        List<Path> offenders = sources(MAIN.resolve("engine")).stream()
                .filter(file -> WEB_IMPORT.matcher(read(file)).find())
                .toList();
        assertThat(offenders).as("Spring Web imports inside dev.convnet.engine").isEmpty();
    }
}
