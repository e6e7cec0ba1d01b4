package io.sparkmlp.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.GrayPaintScale;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Grayscale heat maps of matrices with JFreeChart, drawn headless into PNG files: matplotlib's
 * {@code imshow(m, cmap='gray')} with an optional colorbar. Used for the seed's figure (∂L/∂Y
 * beside the one-hot targets) and for confusion matrices.
 *
 * <p>Each {@link Panel} is a rows×cols row-major matrix; row 0 is drawn at the top and column 0
 * at the left, as imshow does; the smallest value is black and the largest white.
 */
public final class Heatmaps {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Heatmaps() {}

  /**
   * One heat map.
   *
   * @param values rows×cols, row-major (not copied)
   * @param title drawn above the map, or null for none
   * @param xLabel the horizontal axis' label (columns)
   * @param yLabel the vertical axis' label (rows)
   * @param colorbar whether to draw the value scale at the map's right
   */
  public record Panel(double[] values, int rows, int cols, String title, String xLabel,
      String yLabel, boolean colorbar) {
    public Panel {
      if (rows <= 0 || cols <= 0 || values == null || values.length != rows * cols) {
        throw new IllegalArgumentException("heat map: expected " + rows + "×" + cols + " = "
            + ((long) rows * cols) + " values, found " + (values == null ? "null" : values.length));
      }
    }
  }

  /** The chart of one panel, for callers that want to lay it out themselves. */
  public static JFreeChart chart(Panel p) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    DefaultXYZDataset data = new DefaultXYZDataset();
    double[][] xyz = new double[3][p.values().length];
    for (int r = 0, i = 0; r < p.rows(); r++) {
      for (int c = 0; c < p.cols(); c++, i++) {
        xyz[0][i] = c;
        xyz[1][i] = r;
        xyz[2][i] = p.values()[i];
        lo = Math.min(lo, p.values()[i]);
        hi = Math.max(hi, p.values()[i]);
      }
    }
    data.addSeries("values", xyz);
    if (!(hi > lo)) {
      hi = lo + 1; // a constant (or NaN) matrix still gets a valid scale
      lo = Double.isFinite(lo) ? lo : 0;
    }
    PaintScale scale = new GrayPaintScale(lo, hi);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockAnchor(RectangleAnchor.CENTER);
    renderer.setPaintScale(scale);
    XYPlot plot = new XYPlot(data, axis(p.xLabel(), p.cols(), false), axis(p.yLabel(), p.rows(), true),
        renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setOutlineStroke(new BasicStroke(1f));
    JFreeChart chart = new JFreeChart(p.title(), new Font(Font.SANS_SERIF, Font.PLAIN, 14), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    if (p.colorbar()) {
      chart.addSubtitle(legend(scale, lo, hi));
    }
    return chart;
  }

  /** The panels side by side in equal widths, on a white width×height image. */
  public static BufferedImage render(List<Panel> panels, int width, int height) {
    if (panels.isEmpty() || width < panels.size() || height <= 0) {
      throw new IllegalArgumentException("render: expected at least one panel and a positive size,"
          + " found " + panels.size() + " panels at " + width + "×" + height);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      double w = (double) width / panels.size();
      for (int i = 0; i < panels.size(); i++) {
        chart(panels.get(i)).draw(g, new Rectangle2D.Double(i * w, 0, w, height));
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** {@link #render} into a PNG file (parent directories are created). */
  public static void writePng(Path file, List<Panel> panels, int width, int height)
      throws IOException {
    BufferedImage img = render(panels, width, height);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException(file + ": no PNG writer available in this JVM");
    }
  }

  /** An integer-ticked axis over cells 0..n−1, each cell spanning ±0.5; inverted for rows. */
  private static NumberAxis axis(String label, int n, boolean inverted) {
    NumberAxis a = new NumberAxis(label);
    a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    a.setRange(-0.5, n - 0.5);
    a.setAutoRangeIncludesZero(false);
    a.setInverted(inverted);
    a.setLowerMargin(0);
    a.setUpperMargin(0);
    return a;
  }

  private static PaintScaleLegend legend(PaintScale scale, double lo, double hi) {
    NumberAxis values = new NumberAxis();
    values.setRange(lo, hi);
    PaintScaleLegend legend = new PaintScaleLegend(scale, values);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setStripWidth(14);
    legend.setAxisOffset(4);
    legend.setSubdivisionCount(256);
    legend.setMargin(new RectangleInsets(40, 8, 40, 8));
    legend.setBackgroundPaint(Color.WHITE);
    return legend;
  }
}
