package io.sparkmlp.report;

import io.sparkmlp.train.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plots of a training run, drawn headless with JFreeChart into PNG files:
 * <ul>
 *   <li>{@link #writeLoss}: train and validation loss per epoch;
 *   <li>{@link #writeAccuracy}: train and validation accuracy per epoch (classification), or
 *       train and validation RMSE (regression);
 *   <li>{@link #writeGradNorms}: each layer's ‖dW‖ per step on a log axis, where vanishing
 *       gradients (φ′ ≈ 0) show as a layer whose curve sinks by decades.
 * </ul>
 * NaN values (no validation set) are left out of a series; an empty series is not drawn.
 */
public final class RunCharts {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  public static final int WIDTH = 900;
  public static final int HEIGHT = 540;
  /** At most this many points per grad-norm series. */
  static final int MAX_POINTS = 400;
  /** matplotlib's tab10 colours: distinct on white, in a familiar order. */
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e),
      new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b),
      new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

  private RunCharts() {}

  /** loss.png: mean train loss (over the epoch's batches) and validation loss, per epoch. */
  public static void writeLoss(Path file, List<EpochRecord> history) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    add(data, series("train", history, EpochRecord::trainLoss));
    add(data, series("validation", history, EpochRecord::validationLoss));
    write(file, perEpoch("Loss per epoch", new NumberAxis("loss"), data, history.size()));
  }

  /** accuracy.png: accuracy per epoch, or RMSE per epoch when {@code classification} is false. */
  public static void writeAccuracy(Path file, List<EpochRecord> history, boolean classification)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    if (classification) {
      add(data, series("train", history, EpochRecord::trainAccuracy));
      add(data, series("validation", history, EpochRecord::validationAccuracy));
    } else {
      add(data, series("train", history, EpochRecord::trainRmse));
      add(data, series("validation", history, EpochRecord::validationRmse));
    }
    String what = classification ? "accuracy" : "RMSE";
    write(file, perEpoch(capitalized(what) + " per epoch", new NumberAxis(what), data, history.size()));
  }

  /**
   * grad-norms.png: ‖dW_l‖ (Frobenius, before clipping) per global step, one series per layer.
   * With more than {@value #MAX_POINTS} steps each point is the geometric mean of a window of
   * consecutive steps (the mean on the log axis), so that a trend stays readable through the
   * step-to-step noise; the title says the window.
   *
   * @param steps the 1-based global step of each row of {@code norms}, increasing (every step, or
   *     every k-th once the Trainer's bounded history thinned them; see train.StepSeries)
   * @param norms one array of L norms per row, in step order
   * @param sizes the layer widths d0..dL, for the series names
   */
  public static void writeGradNorms(Path file, long[] steps, List<double[]> norms, int[] sizes) throws IOException {
    if (steps.length != norms.size()) {
      throw new IllegalArgumentException(steps.length + " steps for " + norms.size() + " rows of norms");
    }
    XYSeriesCollection data = new XYSeriesCollection();
    int window = Math.max(1, (norms.size() + MAX_POINTS - 1) / MAX_POINTS);
    for (int l = 0; l < sizes.length - 1; l++) {
      XYSeries s = new XYSeries("layer " + (l + 1) + " (" + sizes[l] + "→" + sizes[l + 1] + ")", false, true);
      for (int start = 0; start < norms.size(); start += window) {
        double logSum = 0;
        int n = 0;
        for (int step = start; step < Math.min(norms.size(), start + window); step++) {
          double v = norms.get(step)[l];
          if (v > 0 && Double.isFinite(v)) {
            logSum += Math.log(v);
            n++;
          }
        }
        if (n > 0) {
          s.add(steps[start], Math.exp(logSum / n));
        }
      }
      add(data, s);
    }
    LogarithmicAxis y = new LogarithmicAxis("‖dW‖ (log scale)");
    y.setExpTickLabelsFlag(true);
    y.setAutoRangeNextLogFlag(true);
    NumberAxis x = new NumberAxis("step");
    x.setAutoRangeIncludesZero(false);
    long spacing = steps.length > 1 ? steps[1] - steps[0] : 1;
    String title = "Per-layer weight gradient norm ‖dW‖ per step"
        + (spacing > 1 ? " (one point every " + spacing + " steps" + (window > 1 ? ", geometric mean of "
            + window + " points)" : ")") : window > 1 ? " (geometric mean of " + window + " steps)" : "");
    write(file, chart(title, x, y, data, false));
  }

  private static XYSeries series(String name, List<EpochRecord> h, ToDoubleFunction<EpochRecord> f) {
    XYSeries s = new XYSeries(name, false, true);
    for (EpochRecord e : h) {
      double v = f.applyAsDouble(e);
      if (Double.isFinite(v)) {
        s.add(e.epoch(), v);
      }
    }
    return s;
  }

  private static void add(XYSeriesCollection data, XYSeries s) {
    if (s.getItemCount() > 0) {
      data.addSeries(s);
    }
  }

  private static JFreeChart perEpoch(String title, NumberAxis y, XYSeriesCollection data, int epochs) {
    NumberAxis x = new NumberAxis("epoch");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(false);
    y.setAutoRangeIncludesZero(false);
    return chart(title, x, y, data, epochs <= 30);
  }

  private static JFreeChart chart(String title, NumberAxis x, ValueAxis y, XYSeriesCollection data,
      boolean shapes) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      r.setSeriesStroke(i, new BasicStroke(2f));
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static void write(Path file, JFreeChart chart) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
