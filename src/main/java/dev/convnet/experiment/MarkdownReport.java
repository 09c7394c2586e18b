package dev.convnet.experiment;

import java.util.List;
import java.util.Map;

/** The results as a Markdown document; the plots are PNG images inlined as data URIs, so the file stands alone. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(ExperimentResults results, String baseJob, Map<String, String> patches) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(results.name()).append("\n\n");
        md.append("Experiment `").append(results.id()).append("` on **").append(results.dataset()).append("**, state **")
                .append(results.state()).append("**; baseline: **").append(cell(results.baseline())).append("**.\n\n");
        md.append("## Results\n\n");
        md.append("| ").append(String.join(" | ", ReportTable.HEADERS)).append(" |\n");
        md.append("|").append("---|".repeat(ReportTable.HEADERS.size())).append("\n");
        for (List<String> row : ReportTable.rows(results)) {
            md.append("| ").append(String.join(" | ", row.stream().map(MarkdownReport::cell).toList())).append(" |\n");
        }
        md.append("\n## What helps, what hurts\n\n");
        for (String sentence : results.findings()) {
            md.append("- ").append(sentence).append('\n');
        }
        md.append("\nA difference counts only when its 95% confidence interval (Welch's t over the seeds) excludes zero;"
                + " otherwise it is within noise.\n\n## Plots\n\n");
        for (ReportPlots.Plot plot : ReportPlots.of(results)) {
            md.append("![").append(plot.title()).append("](data:image/png;base64,")
                    .append(ReportPlots.pngBase64(plot.chart())).append(")\n\n");
        }
        md.append("## Variants\n\n| variant | merge patch over the base job |\n|---|---|\n");
        patches.forEach((name, patch) -> md.append("| ").append(cell(name)).append(" | `").append(cell(patch)).append("` |\n"));
        md.append("\nBase job:\n\n```json\n").append(baseJob).append("\n```\n");
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
