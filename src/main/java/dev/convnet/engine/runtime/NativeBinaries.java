package dev.convnet.engine.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;

/**
 * Chooses this process's ND4J build once, before ND4J loads, and tells JavaCPP to load it.
 *
 * <p>The artifact carries several builds of libnd4jcpu for its platform (on linux-x86_64: oneDNN with AVX-512, with
 * AVX2, and without SIMD extensions). JavaCPP loads the one whose folder is {@code <platform><extension>}, with the
 * extension taken from the system property {@value #JAVACPP_EXTENSION_PROPERTY}. JavaCPP reads its properties once,
 * when its {@code Loader} class initialises, and caches them for the life of the JVM; so {@link #select(String)}
 * must run before anything touches JavaCPP or ND4J. The application does it in an environment post-processor, the
 * tests in a JUnit launcher listener, the benchmarks first thing in main. Only {@code Loader.Detector}, which
 * initialises nothing else, is used before then.
 */
public final class NativeBinaries {

    /** JavaCPP's platform-extension property; set here unless the operator set it. */
    public static final String JAVACPP_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** The service's setting: {@code auto} or a build's name. */
    public static final String SETTING = "convnet.engine.native-binary";

    /** The setting as Spring's relaxed binding reads it from the environment. */
    public static final String SETTING_ENVIRONMENT_VARIABLE = "CONVNET_ENGINE_NATIVEBINARY";

    private static final String LIBRARY = "jnind4jcpu";
    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    private static NativeBinarySelection selection;

    private NativeBinaries() {
    }

    /**
     * Chooses the build, once per JVM; later calls return the first choice (JavaCPP could not switch anyway).
     * An explicit {@value #JAVACPP_EXTENSION_PROPERTY} counts as the request when {@code requested} is auto.
     *
     * @throws NativeBinaryException when no build can run here, or the requested one cannot
     */
    public static synchronized NativeBinarySelection select(String requested) {
        if (selection != null) {
            return selection;
        }
        String platform = Loader.Detector.getPlatform();
        String javacppExtension = System.getProperty(JAVACPP_EXTENSION_PROPERTY);
        boolean auto = requested == null || requested.isBlank() || requested.trim().equalsIgnoreCase(NativeBinarySelector.AUTO);
        String effective = auto && javacppExtension != null ? javacppExtension : requested;
        List<NativeVariant> available = onClasspath(platform);
        NativeBinarySelection chosen = NativeBinarySelector.choose(platform, available, CpuFeatures.detect(), effective);
        String extension = javacppExtension(chosen);
        if (extension.isEmpty()) {
            System.clearProperty(JAVACPP_EXTENSION_PROPERTY);
        } else {
            System.setProperty(JAVACPP_EXTENSION_PROPERTY, extension);
        }
        selection = chosen;
        return chosen;
    }

    /**
     * {@link #select(String)} with the setting from where code outside Spring can read it: the system property
     * {@value #SETTING}, else the environment variable {@value #SETTING_ENVIRONMENT_VARIABLE}.
     */
    public static NativeBinarySelection selectFromSystemSettings() {
        return select(System.getProperty(SETTING, System.getenv(SETTING_ENVIRONMENT_VARIABLE)));
    }

    /** The choice made by {@link #select(String)}, if it ran in this JVM. */
    public static synchronized Optional<NativeBinarySelection> selection() {
        return Optional.ofNullable(selection);
    }

    /** The builds of libnd4jcpu on the classpath for {@code platform}, fastest first. */
    public static List<NativeVariant> onClasspath(String platform) {
        ClassLoader loader = NativeBinaries.class.getClassLoader();
        String library = System.mapLibraryName(LIBRARY);
        return Arrays.stream(NativeVariant.values())
                .filter(variant -> loader.getResource(BINDINGS + variant.classifier(platform) + "/" + library) != null)
                .toList();
    }

    /**
     * The classifier of the ND4J build JavaCPP actually loaded, read from the folder it extracted the library
     * from; empty before ND4J has loaded.
     */
    public static Optional<String> loadedClassifier() {
        return Loader.getLoadedLibraries().values().stream()
                .filter(path -> path != null && Path.of(path).getFileName() != null
                        && Path.of(path).getFileName().toString().equals(System.mapLibraryName(LIBRARY)))
                .map(path -> Path.of(path).getParent().getFileName().toString())
                .findFirst();
    }

    /**
     * The plain build has no folder suffix. JavaCPP treats an empty extension as "try every extension the preset
     * lists", so when other builds are present it is spelled "-", an extension ND4J's preset lists and no folder has.
     */
    private static String javacppExtension(NativeBinarySelection chosen) {
        if (chosen.variant() == NativeVariant.PLAIN) {
            return chosen.available().size() > 1 ? "-" : "";
        }
        return chosen.variant().extension();
    }
}
