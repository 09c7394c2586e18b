package dev.convnet.experiment;

import java.util.List;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;

/**
 * The results as one self-contained HTML page: inline CSS, the plots as PNG data URIs, no external resources. PNG
 * rather than XChart's SVG, which draws every glyph as a path and makes a page of three plots weigh megabytes.
 */
final class HtmlReport {

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
            table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}
            td:nth-child(2),th{text-align:left}tr.baseline{background:#f3f6fb}figure{margin:1.5em 0}
            pre{background:#f6f6f6;padding:1em;overflow:auto}""";

    private HtmlReport() {
    }

    static String render(ExperimentResults results, String baseJob, Map<String, String> patches) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(e(results.name())).append("</title><style>").append(STYLE).append("</style></head><body>\n");
        html.append("<h1>").append(e(results.name())).append("</h1>\n<p>Experiment <code>").append(results.id())
                .append("</code> on <b>").append(e(results.dataset())).append("</b>, state <b>").append(results.state())
                .append("</b>; baseline: <b>").append(e(results.baseline())).append("</b>.</p>\n<h2>Results</h2>\n<table><tr>");
        ReportTable.HEADERS.forEach(h -> html.append("<th>").append(e(h)).append("</th>"));
        html.append("</tr>\n");
        List<List<String>> rows = ReportTable.rows(results);
        for (int i = 0; i < rows.size(); i++) {
            html.append(results.variants().get(i).baseline() ? "<tr class=\"baseline\">" : "<tr>");
            rows.get(i).forEach(cell -> html.append("<td>").append(e(cell)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n<h2>What helps, what hurts</h2>\n<ul>\n");
        results.findings().forEach(sentence -> html.append("<li>").append(e(sentence)).append("</li>\n"));
        html.append("</ul>\n<p>A difference counts only when its 95% confidence interval (Welch's t over the seeds) "
                + "excludes zero; otherwise it is within noise.</p>\n<h2>Plots</h2>\n");
        for (ReportPlots.Plot plot : ReportPlots.of(results)) {
            html.append("<figure><img alt=\"").append(e(plot.title())).append("\" src=\"data:image/png;base64,")
                    .append(ReportPlots.pngBase64(plot.chart())).append("\"><figcaption>").append(e(plot.title()))
                    .append("</figcaption></figure>\n");
        }
        html.append("<h2>Variants</h2>\n<table><tr><th>variant</th><th>merge patch over the base job</th></tr>\n");
        patches.forEach((name, patch) -> html.append("<tr><td>").append(e(name)).append("</td><td><code>").append(e(patch))
                .append("</code></td></tr>\n"));
        html.append("</table>\n<h2>Base job</h2>\n<pre>").append(e(baseJob)).append("</pre>\n</body></html>\n");
        return html.toString();
    }

    private static String e(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
