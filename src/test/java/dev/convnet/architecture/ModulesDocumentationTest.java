package dev.convnet.architecture;

import dev.convnet.ConvnetServiceApplication;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions.DiagramStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module diagram in docs/modules is generated from the code: this test draws it again and fails when the
 * committed copy no longer matches. Run with {@code -Dconvnet.docs.write=true} to rewrite docs/modules.
 */
class ModulesDocumentationTest {

    private static final Path GENERATED = Path.of("target", "spring-modulith-docs");
    private static final Path COMMITTED = Path.of("docs", "modules");
    private static final String DIAGRAM = "components.puml";

    @Test
    void theCommittedModuleDiagramMatchesTheCode() throws IOException {
        new Documenter(ApplicationModules.of(ConvnetServiceApplication.class),
                Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
                .writeModulesAsPlantUml(DiagramOptions.defaults().withStyle(DiagramStyle.C4));
        String generated = inStableOrder(withSelfContainedLayout(Files.readString(GENERATED.resolve(DIAGRAM))));
        assertThat(generated).contains("Component(", "Rel(");

        if (Boolean.getBoolean("convnet.docs.write")) {
            Files.createDirectories(COMMITTED);
            Files.writeString(COMMITTED.resolve(DIAGRAM), generated);
            try (OutputStream svg = Files.newOutputStream(COMMITTED.resolve("components.svg"))) {
                new SourceStringReader(generated).outputImage(svg, new FileFormatOption(FileFormat.SVG));
            }
        }
        assertThat(COMMITTED.resolve(DIAGRAM)).as("docs/modules is stale: rerun with -Dconvnet.docs.write=true")
                .content(StandardCharsets.UTF_8).isEqualTo(generated);
    }

    /** Modules and relations come out in hash order; sorted, the file changes only when the structure does. */
    private static String inStableOrder(String plantUml) {
        List<String> lines = new ArrayList<>(plantUml.lines().toList());
        for (String kind : List.of("Component(", "Rel(")) {
            List<Integer> positions = IntStream.range(0, lines.size())
                    .filter(i -> lines.get(i).strip().startsWith(kind)).boxed().toList();
            List<String> sorted = positions.stream().map(lines::get).sorted().toList();
            for (int i = 0; i < positions.size(); i++) {
                lines.set(positions.get(i), sorted.get(i));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** PlantUML's built-in layout engine, so rendering needs no Graphviz installed. */
    private static String withSelfContainedLayout(String plantUml) {
        return plantUml.replaceFirst("@startuml\\R", "@startuml\n!pragma layout smetana\n");
    }
}
