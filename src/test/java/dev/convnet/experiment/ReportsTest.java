package dev.convnet.experiment;

import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reports render the table, the findings and real plots from the results. */
class ReportsTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void markdownHasARowPerVariantTheFindingsAndPngPlots() {
        ExperimentResults results = SampleResults.threeVariants();
        String md = MarkdownReport.render(results, "{\"dataset\": \"fashion-mnist\"}", Map.of("batch-norm", "{\"x\":1}"));
        assertThat(md).startsWith("# what <helps>\n");
        assertThat(md).contains("| 1 | batch-norm | 3/3 | 92.00% ± 1.00 | 91.00–93.00 |")
                .contains("| 2 | baseline (baseline) | 4/4 | 88.25% ± 0.65 |")
                .contains("| 3 | no-dropout | 3/3 |")
                .contains("within noise").contains("- 'batch-norm' helps");
        Matcher png = Pattern.compile("!\\[[^]]+]\\(data:image/png;base64,([A-Za-z0-9+/=]+)\\)").matcher(md);
        int plots = 0;
        while (png.find()) {
            byte[] image = Base64.getDecoder().decode(png.group(1));
            assertThat(image.length).isGreaterThan(5_000);
            assertThat(new String(image, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
            plots++;
        }
        assertThat(plots).isEqualTo(3);
    }

    @Test
    void htmlIsOnePageWithInlinePngPlotsAndEscapedNames() {
        String html = HtmlReport.render(SampleResults.threeVariants(), "{}", Map.of("batch-norm", "{\"x\":1}"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>what &lt;helps&gt;</title>")
                .doesNotContain("src=\"http");
        Matcher png = Pattern.compile("<img alt=\"[^\"]+\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">").matcher(html);
        assertThat(png.results().count()).isEqualTo(3);
        assertThat(html).contains("<tr class=\"baseline\"><td>2</td><td>baseline (baseline)</td>")
                .contains("<li>&#39;batch-norm&#39; helps");
    }
}
