package io.sparkmlp.bench;

import static io.sparkmlp.bench.BenchReport.f1;
import static io.sparkmlp.bench.BenchReport.f2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sparse section of a benchmark run (section 5): what it measured ({@link Result}), its
 * part of the table and of {@code benchmark.json}, and its targets: our test accuracy at least
 * MLlib LR's, our fit time at most 2× LR's, the step time at the widest d at most 1.5× the
 * narrowest's, and the heap during our fit at most 2 GiB.
 */
final class SparseReport {
  static final double GIB = 1024.0 * 1024 * 1024;

  private SparseReport() {}

  /** Filled by the section as it runs; {@code lr} and {@code mlp} stay null with --skip-mllib. */
  static final class Result {
    final long trainRows;
    final long testRows;
    final int classes;
    final int partitions;
    final String config;
    final int d;
    double featurizeSeconds;
    SparseRuns.OurFit ours;
    SparseRuns.LogReg lr;
    MllibSparseMlp.Outcome mlp;
    /** Ascending d. */
    final List<SparseRuns.Width> widths = new ArrayList<>();

    Result(long trainRows, long testRows, int classes, int partitions, String config, int d) {
      this.trainRows = trainRows;
      this.testRows = testRows;
      this.classes = classes;
      this.partitions = partitions;
      this.config = config;
      this.d = d;
    }

    /** step(widest d) / step(narrowest d), medians; NaN with fewer than two widths. */
    double stepGrowth() {
      return widths.size() < 2 ? Double.NaN
          : widths.get(widths.size() - 1).cost().step() / widths.get(0).cost().step();
    }
  }

  static List<BenchReport.Target> targets(Result r) {
    List<BenchReport.Target> t = new ArrayList<>();
    if (r == null) {
      return t;
    }
    if (r.ours != null && r.lr != null) {
      t.add(new BenchReport.Target("sparse: test accuracy vs MLlib LR (d=" + pow2(r.d) + ")",
          pct2(r.ours.testAccuracy()) + " vs " + pct2(r.lr.testAccuracy()), ">= LR's",
          r.ours.testAccuracy() >= r.lr.testAccuracy()));
      double ratio = r.ours.seconds() / r.lr.fitSeconds();
      t.add(new BenchReport.Target("sparse: fit time vs MLlib LR", f2(ratio) + "x (" + f1(r.ours.seconds())
          + " / " + f1(r.lr.fitSeconds()) + " s)", "<= 2x", ratio <= 2));
    }
    if (r.widths.size() >= 2) {
      SparseRuns.Width lo = r.widths.get(0), hi = r.widths.get(r.widths.size() - 1);
      double g = r.stepGrowth();
      t.add(new BenchReport.Target("sparse: step time d=" + pow2(hi.d()) + " vs d=" + pow2(lo.d()),
          f2(g) + "x (" + f1(hi.cost().step()) + " / " + f1(lo.cost().step()) + " ms)", "<= 1.5x", g <= 1.5));
    }
    if (r.ours != null) {
      double gib = r.ours.heap().peakAfterGc() / GIB;
      t.add(new BenchReport.Target("sparse: peak heap after GC during our fit", String.format(Locale.ROOT,
          "%.2f GiB", gib), "<= 2 GiB", gib <= 2));
    }
    return t;
  }

  static void table(StringBuilder sb, Result r) {
    if (r == null) {
      return;
    }
    sb.append(String.format(Locale.ROOT, "%n== 5. sparse: text, %d training and %d test rows, %d classes, %d partitions ==%n",
        r.trainRows, r.testRows, r.classes, r.partitions));
    sb.append(String.format(Locale.ROOT, "features: RegexTokenizer -> HashingTF (d=%s) -> IDF, fitted on the training"
        + " rows (%.1f s, outside every fit); the same cached frame for every trainer%n", pow2(r.d), r.featurizeSeconds));
    sb.append(String.format(Locale.ROOT, "%-52s | %9s | %9s | %s%n", "trainer", "fit s", "test acc", "notes"));
    if (r.ours != null) {
      SparseRuns.OurFit o = r.ours;
      sb.append(String.format(Locale.ROOT, "%-52s | %9.2f | %9s | %s%n", "sparkmlp (" + r.config + ")", o.seconds(),
          pct2(o.testAccuracy()), o.epochs() + " epochs, " + o.params() + " parameters, " + o.layout() + " with "
              + o.storedValues() + " stored values; packing " + f2(o.packSeconds()) + " s inside"));
    }
    if (r.lr != null) {
      SparseRuns.LogReg l = r.lr;
      StringBuilder grid = new StringBuilder();
      for (double[] g : l.grid()) {
        grid.append(grid.length() == 0 ? "" : ", ").append(g[0]).append(": ").append(pct2(g[1]));
      }
      sb.append(String.format(Locale.ROOT, "%-52s | %9.2f | %9s | %s%n",
          "MLlib LogisticRegression multinomial, regParam " + l.regParam(), l.fitSeconds(), pct2(l.testAccuracy()),
          "L-BFGS, " + l.iterations() + " of maxIter " + l.maxIter() + " iterations, L2, standardization "
              + (l.standardization() ? "on" : "off") + "; "
              + (l.grid().isEmpty() ? "regParam fixed"
                  : "regParam chosen on a 10% validation split (" + grid + "; " + f1(l.selectionSeconds()) + " s, not in fit)")));
    }
    if (r.mlp != null) {
      mlpRows(sb, r.mlp);
    }
    if (r.ours != null) {
      HeapWatch.Peaks h = r.ours.heap();
      sb.append(String.format(Locale.ROOT,
          "heap during our fit (this JVM: driver and, in local mode, executor; max %.2f GiB): peak after GC %.2f GiB,"
              + " peak sampled every 10 ms (garbage included) %.2f GiB, sum of pool peaks (upper bound) %.2f GiB;"
              + " %.2f GiB in use before it; %d collections%n",
          h.maxHeap() / GIB, h.peakAfterGc() / GIB, h.peakSampled() / GIB, h.poolPeakSum() / GIB, h.baseline() / GIB,
          h.collections()));
    }
    if (!r.widths.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "sparkmlp step cost by width d, same texts, batch %d: medians over the steps"
          + " after the first epoch (ms)%n", r.widths.get(0).cost().batchSize()));
      sb.append(String.format(Locale.ROOT, "%-6s | %9s | %5s | %9s | %8s | %8s | %11s | %8s | %8s | %s%n", "d",
          "stored", "steps", "broadcast", "job", "compute", "aggregation", "update", "step", "vs first"));
      double first = r.widths.get(0).cost().step();
      for (SparseRuns.Width w : r.widths) {
        StepCost.Breakdown c = w.cost();
        sb.append(String.format(Locale.ROOT, "%-6s | %9d | %5d | %9.2f | %8.2f | %8.2f | %11.2f | %8.2f | %8.2f | %sx%n",
            pow2(w.d()), w.storedValues(), c.steps(), c.broadcast(), c.job(), c.compute(), c.aggregation(), c.update(),
            c.step(), f2(c.step() / first)));
      }
    }
  }

  private static void mlpRows(StringBuilder sb, MllibSparseMlp.Outcome m) {
    MllibSparseMlp.Needs n = m.needs();
    String name = "MLlib MLP " + java.util.Arrays.toString(n.layers()) + ", l-bfgs";
    if (m.status() == MllibSparseMlp.Status.RAN) {
      sb.append(String.format(Locale.ROOT, "%-52s | %9.2f | %9s | %s%n", name, m.fitSeconds(), pct2(m.accuracy()),
          m.iterations() + " of maxIter " + m.maxIter() + " iterations, blockSize " + MllibSparseMlp.BLOCK_SIZE + ", float64, child JVM"));
    } else {
      sb.append(String.format(Locale.ROOT, "%-52s | %9s | %9s | %s%n", name, "-", "-",
          (m.status() == MllibSparseMlp.Status.TIMED_OUT ? "stopped" : "failed, exit code " + m.exitCode())
              + " after " + f1(m.wallSeconds()) + " s (child JVM, heap " + String.format(Locale.ROOT, "%.2f GiB", m.heapBytes() / GIB)
              + "), " + m.jobsDone() + " Spark jobs done" + (m.jobsDone() > 0 ? " (last at " + f1(m.lastJobSeconds()) + " s)" : "")));
      sb.append("    error: ").append(m.error()).append('\n');
    }
    sb.append(String.format(Locale.ROOT,
        "    it needs: %d weights (%.2f GiB per float64 vector); a dense block of %d x %d doubles = %.2f GiB, %d blocks"
            + " = %.2f GiB per pass (rebuilt every pass), one per running task, each with a weight-sized gradient;"
            + " L-BFGS history %d x 2 vectors = %.2f GiB on the driver%n",
        n.weights(), n.weightBytes() / GIB, MllibSparseMlp.BLOCK_SIZE, n.layers()[0] + n.layers()[n.layers().length - 1],
        n.blockBytes() / GIB, n.blocks(), n.allBlockBytes() / GIB, MllibSparseMlp.LBFGS_CORRECTIONS, n.lbfgsBytes() / GIB));
    sb.append("    log: ").append(m.log()).append('\n');
  }

  static Map<String, Object> json(Result r) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("trainRows", r.trainRows);
    j.put("testRows", r.testRows);
    j.put("classes", r.classes);
    j.put("partitions", r.partitions);
    j.put("features", r.d);
    j.put("featurizeSeconds", r.featurizeSeconds);
    if (r.ours != null) {
      SparseRuns.OurFit o = r.ours;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("config", r.config);
      m.put("epochs", o.epochs());
      m.put("fitSeconds", o.seconds());
      m.put("packSecondsIncluded", o.packSeconds());
      m.put("testAccuracy", o.testAccuracy());
      m.put("layout", o.layout());
      m.put("storedValues", o.storedValues());
      m.put("parameters", o.params());
      HeapWatch.Peaks h = o.heap();
      m.put("heap", Map.of("maxBytes", h.maxHeap(), "baselineBytes", h.baseline(), "peakAfterGcBytes", h.peakAfterGc(),
          "peakSampledBytes", h.peakSampled(), "poolPeakSumBytes", h.poolPeakSum(), "collections", h.collections()));
      j.put("sparkmlp", m);
    }
    if (r.lr != null) {
      SparseRuns.LogReg l = r.lr;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("family", "multinomial");
      m.put("regParam", l.regParam());
      m.put("regParamChosenOn", l.grid().isEmpty() ? "fixed" : "10% validation split of the training rows");
      m.put("validationAccuracy", l.grid().stream().map(g -> Map.of("regParam", g[0], "accuracy", g[1])).toList());
      m.put("selectionSecondsExcluded", l.selectionSeconds());
      m.put("fitSeconds", l.fitSeconds());
      m.put("testAccuracy", l.testAccuracy());
      m.put("iterations", l.iterations());
      m.put("maxIter", l.maxIter());
      m.put("standardization", l.standardization());
      j.put("mllibLogisticRegression", m);
      if (r.ours != null) {
        j.put("fitTimeRatio", r.ours.seconds() / l.fitSeconds());
        j.put("accuracyDifference", r.ours.testAccuracy() - l.testAccuracy());
      }
    }
    if (r.mlp != null) {
      MllibSparseMlp.Outcome o = r.mlp;
      MllibSparseMlp.Needs n = o.needs();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("layers", n.layers());
      m.put("status", o.status().name().toLowerCase(Locale.ROOT));
      m.put("maxIter", o.maxIter());
      m.put("wallSeconds", o.wallSeconds());
      m.put("heapBytes", o.heapBytes());
      if (o.status() == MllibSparseMlp.Status.RAN) {
        m.put("fitSeconds", o.fitSeconds());
        m.put("testAccuracy", o.accuracy());
        m.put("iterations", o.iterations());
      } else {
        m.put("error", o.error());
        m.put("exitCode", o.exitCode());
        m.put("sparkJobsDone", o.jobsDone());
      }
      m.put("weights", n.weights());
      m.put("weightVectorBytes", n.weightBytes());
      m.put("blockBytes", n.blockBytes());
      m.put("blocksPerPass", n.blocks());
      m.put("lbfgsHistoryBytes", n.lbfgsBytes());
      m.put("log", o.log());
      j.put("mllibMlp", m);
    }
    j.put("stepCostByWidth", r.widths.stream().map(w -> {
      Map<String, Object> m = new LinkedHashMap<>();
      StepCost.Breakdown c = w.cost();
      m.put("features", w.d());
      m.put("storedValues", w.storedValues());
      m.put("batchSize", c.batchSize());
      m.put("steps", c.steps());
      m.put("broadcastMillis", c.broadcast());
      m.put("jobMillis", c.job());
      m.put("computeMillis", c.compute());
      m.put("aggregationMillis", c.aggregation());
      m.put("updateMillis", c.update());
      m.put("stepMillis", c.step());
      return m;
    }).toList());
    if (r.widths.size() >= 2) {
      j.put("stepGrowth", r.stepGrowth());
    }
    return j;
  }

  /** 2^k for a power of two, else the number. */
  static String pow2(int d) {
    return Integer.bitCount(d) == 1 ? "2^" + Integer.numberOfTrailingZeros(d) : Integer.toString(d);
  }

  private static String pct2(double v) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }
}
