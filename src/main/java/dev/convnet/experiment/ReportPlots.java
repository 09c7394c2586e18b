package dev.convnet.experiment;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots, drawn with XChart: learning curves of every run (one colour per variant) and accuracy bars. */
final class ReportPlots {

    record Plot(String title, Chart<?, ?> chart) {
    }

    private static final int WIDTH = 820;
    private static final int HEIGHT = 420;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0x637939)};

    private ReportPlots() {
    }

    /** Validation accuracy and loss per epoch of every run, and each variant's mean test accuracy with its spread. */
    static List<Plot> of(ExperimentResults results) {
        List<Plot> plots = new ArrayList<>();
        plots.add(new Plot("Validation accuracy per epoch", curves(results, "Validation accuracy per epoch", "accuracy",
                ExperimentResults.RunResult::validationAccuracy)));
        plots.add(new Plot("Validation loss per epoch", curves(results, "Validation loss per epoch", "loss",
                ExperimentResults.RunResult::validationLoss)));
        if (results.variants().stream().anyMatch(v -> v.testAccuracy() != null)) {
            plots.add(new Plot("Test accuracy by variant", bars(results)));
        }
        return plots;
    }

    private static XYChart curves(ExperimentResults results, String title, String yTitle,
                                  Function<ExperimentResults.RunResult, List<Double>> curve) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        for (ExperimentResults.VariantResult variant : results.variants()) {
            Color colour = PALETTE[(variant.rank() - 1) % PALETTE.length];
            for (ExperimentResults.RunResult run : variant.runDetails()) {
                List<Double> epochs = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                List<Double> points = curve.apply(run);
                for (int i = 0; i < points.size(); i++) {
                    if (points.get(i) != null && Double.isFinite(points.get(i))) {
                        epochs.add(i + 1.0);
                        values.add(points.get(i));
                    }
                }
                if (!values.isEmpty()) {
                    XYSeries series = chart.addSeries(variant.name() + " (seed " + run.seed() + ")", epochs, values);
                    series.setLineColor(colour);
                    series.setMarkerColor(colour);
                    series.setMarker(SeriesMarkers.CIRCLE);
                }
            }
        }
        return chart;
    }

    private static CategoryChart bars(ExperimentResults results) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Test accuracy by variant")
                .xAxisTitle("variant").yAxisTitle("test accuracy (mean, bar: ± std)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        List<String> names = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> spreads = new ArrayList<>();
        for (ExperimentResults.VariantResult variant : results.variants()) {
            if (variant.testAccuracy() != null) {
                names.add(variant.name());
                means.add(variant.testAccuracy().mean());
                spreads.add(variant.testAccuracy().std() == null ? 0.0 : variant.testAccuracy().std());
            }
        }
        double low = means.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        chart.getStyler().setYAxisMin(Math.max(0, low - 0.1));
        chart.addSeries("test accuracy", names, means, spreads);
        return chart;
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pngBase64(Chart<?, ?> chart) {
        return java.util.Base64.getEncoder().encodeToString(png(chart));
    }
}
