package dev.convnet.support;

import dev.convnet.engine.runtime.NativeBinaries;
import dev.convnet.engine.runtime.NativeBinarySelection;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Chooses the ND4J binary before the first test class loads, as the application does before its context starts:
 * JavaCPP fixes its choice when first used, and any test may be first. {@code convnet.engine.native-binary}
 * (system property) or {@code CONVNET_ENGINE_NATIVEBINARY} forces a build, e.g. to run the suite on the AVX2 binary.
 * Registered in {@code META-INF/services}.
 */
public class NativeBinaryLauncherListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeBinarySelection selection = NativeBinaries.selectFromSystemSettings();
        System.out.println("ND4J binary " + selection.classifier() + ": " + selection.reason());
        selection.warnings().forEach(warning -> System.out.println("WARNING: " + warning));
    }
}
