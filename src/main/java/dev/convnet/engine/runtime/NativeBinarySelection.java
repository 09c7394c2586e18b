package dev.convnet.engine.runtime;

import java.util.List;

/**
 * Which ND4J build this process loads, and why.
 *
 * @param platform  JavaCPP's platform, e.g. {@code linux-x86_64}
 * @param variant   the build chosen
 * @param available the builds this artifact carries for the platform, fastest first
 * @param cpu       what the choice was based on
 * @param requested the setting's value: {@code auto} or the name of a build
 * @param reason    one sentence for the log and for health
 * @param warnings  what makes this process slower than it could be; empty when nothing does
 */
public record NativeBinarySelection(
        String platform,
        NativeVariant variant,
        List<NativeVariant> available,
        CpuFeatures cpu,
        String requested,
        String reason,
        List<String> warnings) {

    public NativeBinarySelection {
        available = List.copyOf(available);
        warnings = List.copyOf(warnings);
    }

    /** The Maven classifier of the chosen build, e.g. {@code linux-x86_64-onednn-avx2}. */
    public String classifier() {
        return variant.classifier(platform);
    }

    public List<String> availableClassifiers() {
        return available.stream().map(each -> each.classifier(platform)).toList();
    }
}
