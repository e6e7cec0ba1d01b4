package io.sparkmlp.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;

/**
 * confusion-matrix.png: the confusion matrix as a heat map ({@link Heatmaps}; rows are the true
 * classes 0..K−1 from the top, columns the predicted ones), every cell labelled with its count
 * when K ≤ {@value #MAX_ANNOTATED_CLASSES}.
 */
public final class ConfusionMatrixPlot {
  static final int MAX_ANNOTATED_CLASSES = 30;

  private ConfusionMatrixPlot() {}

  public static void write(Path file, ClassificationScores s, int size) throws IOException {
    int k = s.numClasses();
    double[] values = s.confusionValues();
    String title = String.format(Locale.ROOT, "Confusion matrix: %d rows, accuracy %.2f%%", s.rows(),
        100 * s.accuracy());
    JFreeChart chart = Heatmaps.chart(new Heatmaps.Panel(values, k, k, title, "predicted class",
        "true class", true));
    if (k <= MAX_ANNOTATED_CLASSES) {
      annotate(chart.getXYPlot(), values, k);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, size + 90, size);
  }

  /** Counts in the cells: black on the light (large) cells, white on the dark ones. */
  private static void annotate(XYPlot plot, double[] values, int k) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, k <= 12 ? 12 : 9);
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        double v = values[t * k + p];
        XYTextAnnotation a = new XYTextAnnotation(Long.toString((long) v), p, t);
        a.setFont(font);
        a.setPaint(max > 0 && v / max > 0.5 ? Color.BLACK : Color.WHITE);
        plot.addAnnotation(a);
      }
    }
  }
}
