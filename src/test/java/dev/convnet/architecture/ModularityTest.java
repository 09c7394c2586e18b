package dev.convnet.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.convnet.ConvnetServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The layout's rules. Each direct sub-package of {@code dev.convnet} is a module; Spring Modulith fails on a cycle
 * between modules and on use of another module's internals (the engine's sub-packages are named interfaces).
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(ConvnetServiceApplication.class);
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.convnet");

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersInterfaces() {
        assertThat(MODULES.stream().map(module -> module.getIdentifier().toString()))
                .contains("common", "definition", "engine", "image", "models", "training", "inference", "web");
        MODULES.verify();
    }

    @Test
    void aCycleBetweenModulesIsCaught() {
        ApplicationModules cyclic = ApplicationModules.of("dev.convnet.architecture.cyclic", location -> true);
        assertThat(cyclic.stream()).hasSize(2);
        assertThatThrownBy(cyclic::verify)
                .isInstanceOf(Violations.class)
                .hasMessageContaining("Cycle detected");
    }

    @Test
    void onlyTheEngineKnowsDl4jAndNd4j() {
        noClasses().that().resideOutsideOfPackage("dev.convnet.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .check(MAIN);
    }

    @Test
    void theEngineKnowsNoHttp() {
        noClasses().that().resideInAPackage("dev.convnet.engine..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..", "org.springframework.http..")
                .check(MAIN);
    }

    @Test
    void theSharedKernelAndThePureModulesDependOnNoOtherModule() {
        for (String module : new String[] {"common", "definition", "image"}) {
            noClasses().that().resideInAPackage("dev.convnet." + module + "..")
                    .should().dependOnClassesThat(resideInAPackage("dev.convnet..")
                            .and(not(resideInAnyPackage("dev.convnet." + module + "..", "dev.convnet.common.."))))
                    .check(MAIN);
        }
    }
}
