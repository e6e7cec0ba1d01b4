package io.sparkmlp.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one benchmark run measured, section by section (a section is null when the run skipped
 * it), and the targets judged against it. Printed as a table ({@link #table}) and
 * written as {@code benchmark.json} ({@link #toJson}); both come from these fields alone.
 */
final class BenchReport {
  /** The machine, the Spark setup and the settings, by name, for the header. */
  final Map<String, Object> setup = new LinkedHashMap<>();
  OurRuns.Throughput ours32;
  OurRuns.Throughput ours64;
  /** Our throughput at a larger batch than the config's, for reference (not judged). */
  final List<OurRuns.Throughput> oursReference = new ArrayList<>();
  MllibRuns.Throughput mllibGd;
  OurRuns.TimeToAccuracy oursTta;
  MllibRuns.TimeToAccuracy mllibTta;
  List<KernelEfficiency.Row> kernels;
  StepCost.Breakdown steps;
  /** Section 5, on text. */
  SparseReport.Result sparse;
  double targetAccuracy;

  /** One target: its figure, the bar, and whether it is met (null = not measured). */
  record Target(String name, String figure, String bar, Boolean met) {}

  List<Target> targets() {
    List<Target> t = new ArrayList<>();
    if (oursTta != null && mllibTta != null) {
      double r = mllibTta.seconds() / oursTta.seconds();
      String fig = !oursTta.reached() ? "sparkmlp did not reach it" : ratioPrefix() + f1(r) + "x";
      Boolean met = !oursTta.reached() ? Boolean.FALSE
          : mllibTta.bound() == MllibRuns.Bound.EXACT ? Boolean.valueOf(r >= 25)
          : mllibTta.bound() == MllibRuns.Bound.LOWER ? (r >= 25 ? Boolean.TRUE : null)
          : (r < 25 ? Boolean.FALSE : null);
      t.add(new Target("time to " + pct(targetAccuracy) + " test accuracy vs MLlib", fig, ">= 25x", met));
    }
    if (ours32 != null && mllibGd != null) {
      double r = ours32.samplesPerSecond() / mllibGd.samplesPerSecond();
      t.add(new Target("throughput float32 vs MLlib gd", f2(r) + "x", ">= 4x", r >= 4));
    }
    if (ours64 != null && mllibGd != null) {
      double r = ours64.samplesPerSecond() / mllibGd.samplesPerSecond();
      t.add(new Target("throughput float64 vs MLlib gd", f2(r) + "x", ">= 2x", r >= 2));
    }
    if (kernels != null) {
      for (KernelEfficiency.Row k : kernels) {
        t.add(new Target("fwd+bwd " + k.shape() + " " + k.precision().id() + " B=" + k.batch()
            + " vs raw GEMM", pct(k.efficiency()), ">= 70%", k.efficiency() >= 0.70));
      }
    }
    if (steps != null) {
      t.add(new Target("per-step overhead vs empty job (B=" + steps.batchSize() + ")",
          f2(steps.overheadOverFloor()) + "x (" + f1(steps.overhead()) + " / " + f1(steps.emptyJob()) + " ms)",
          "<= 2x", steps.overheadOverFloor() <= 2));
    }
    t.addAll(SparseReport.targets(sparse));
    return t;
  }

  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("== sparkmlp benchmark ==\n");
    setup.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-22s %s%n", k, v)));
    throughputTable(sb);
    ttaTable(sb);
    kernelTable(sb);
    stepTable(sb);
    SparseReport.table(sb, sparse);
    sb.append("\n== targets ==\n");
    sb.append(String.format(Locale.ROOT, "%-58s | %-26s | %-7s | %s%n", "figure", "measured", "target", "met"));
    for (Target t : targets()) {
      sb.append(String.format(Locale.ROOT, "%-58s | %-26s | %-7s | %s%n", t.name(), t.figure(), t.bar(),
          t.met() == null ? "unknown" : t.met() ? "yes" : "NO"));
    }
    return sb.toString();
  }

  private void throughputTable(StringBuilder sb) {
    if (ours32 == null && ours64 == null && mllibGd == null) {
      return;
    }
    sb.append("\n== 1. throughput: samples/s over full passes (median of passes) ==\n");
    sb.append(String.format(Locale.ROOT, "%-40s | %12s | %9s | %s%n", "trainer", "samples/s", "vs MLlib", "per pass"));
    List<OurRuns.Throughput> rows = new ArrayList<>();
    rows.add(ours32);
    rows.add(ours64);
    rows.addAll(oursReference);
    for (OurRuns.Throughput o : rows) {
      if (o != null) {
        sb.append(String.format(Locale.ROOT, "%-40s | %12.0f | %9s | %s%n",
            "sparkmlp " + o.precision().id() + ", batch " + o.batchSize()
                + (oursReference.contains(o) ? " (ref.)" : ""), o.samplesPerSecond(),
            mllibGd == null ? "-" : f2(o.samplesPerSecond() / mllibGd.samplesPerSecond()) + "x",
            list(o.epochSamplesPerSecond(), "%.0f")));
      }
    }
    if (mllibGd != null) {
      sb.append(String.format(Locale.ROOT, "%-40s | %12.0f | %9s | %s s%n",
          "MLlib MLP solver=gd, blockSize 128, f64", mllibGd.samplesPerSecond(), "1.00x",
          list(mllibGd.passSeconds(), "%.2f")));
    }
  }

  private void ttaTable(StringBuilder sb) {
    if (oursTta == null && mllibTta == null) {
      return;
    }
    sb.append("\n== 2. time to ").append(pct(targetAccuracy))
        .append(" test accuracy: wall seconds from fit start (test evaluation not counted) ==\n");
    if (oursTta != null) {
      sb.append(String.format(Locale.ROOT,
          "sparkmlp %s, batch %d (%d steps/epoch), checked %s: %s%s s (packing %.2f s inside; %.1f s of evaluation excluded)%n",
          oursTta.precision().id(), oursTta.batchSize(), oursTta.stepsPerEpoch(), oursTta.checkEvery() > 0
              ? "every " + oursTta.checkEvery() + " steps and at epoch ends" : "at epoch ends",
          oursTta.reached() ? "" : "not reached in ",
          f2(oursTta.seconds()), oursTta.packSeconds(), oursTta.evaluationSeconds()));
      for (OurRuns.Check c : oursTta.checks()) {
        sb.append(String.format(Locale.ROOT, "    epoch %3d  step %5d  %8.2f s  accuracy %.4f%n",
            c.epoch(), c.step(), c.seconds(), c.accuracy()));
      }
    }
    if (mllibTta != null) {
      sb.append(String.format(Locale.ROOT,
          "MLlib MLP l-bfgs, blockSize 128, checked every %d iterations of one continuous fit: %s%s s at %d iterations%s (%.1f s of evaluation excluded)%n",
          mllibTta.checkEvery(), ratioPrefix(), f1(mllibTta.seconds()), mllibTta.iterations(),
          switch (mllibTta.bound()) {
            case EXACT -> "";
            case LOWER -> " (budget " + f1(mllibTta.budgetSeconds()) + " s ran out below the target: a lower bound)";
            case UPPER -> " (budget ran out before the checkpoint below was probed: an upper bound)";
          }, mllibTta.evaluationSeconds()));
      sb.append("    checkpoint N = a fresh fit of maxIter N (same seed, same first N iterations); probes in the order run:\n");
      for (MllibRuns.Probe p : mllibTta.probes()) {
        sb.append(String.format(Locale.ROOT, "    iter  %3d  %8.1f s  accuracy %.4f%s%n", p.iterations(), p.fitSeconds(),
            p.accuracy(), p.ran() < p.iterations() ? "  (L-BFGS stopped after " + p.ran() + ")" : ""));
      }
    }
    if (oursTta != null && mllibTta != null && oursTta.reached()) {
      sb.append(String.format(Locale.ROOT, "ratio MLlib / sparkmlp: %s%sx%n", ratioPrefix(),
          f1(mllibTta.seconds() / oursTta.seconds())));
    }
  }

  /** "&gt;= " or "&lt;= " when MLlib's time to accuracy is a bound, else "". */
  private String ratioPrefix() {
    return mllibTta == null ? "" : switch (mllibTta.bound()) {
      case EXACT -> "";
      case LOWER -> ">= ";
      case UPPER -> "<= ";
    };
  }

  private void kernelTable(StringBuilder sb) {
    if (kernels == null) {
      return;
    }
    sb.append("\n== 3. kernel: one partition's forward+backward vs raw GEMM on the same shapes (6*B*sum(in*out) FLOPs, this thread) ==\n");
    sb.append(String.format(Locale.ROOT, "%-17s | %-9s | %5s | %8s | %9s | %9s | %10s | %10s%n",
        "shape", "precision", "B", "pass ms", "pass GF/s", "GEMMs ms", "GEMMs GF/s", "efficiency"));
    for (KernelEfficiency.Row r : kernels) {
      sb.append(String.format(Locale.ROOT, "%-17s | %-9s | %5d | %8.2f | %9.1f | %9.2f | %10.1f | %10s%n",
          r.shape(), r.precision().id(), r.batch(), r.passMillis(), r.passGflops(), r.gemmMillis(),
          r.gemmGflops(), pct(r.efficiency())));
    }
  }

  private void stepTable(StringBuilder sb) {
    if (steps == null) {
      return;
    }
    StepCost.Breakdown s = steps;
    sb.append(String.format(Locale.ROOT,
        "%n== 4. one step, float32, batch %d: medians over %d steps (ms) ==%n", s.batchSize(), s.steps()));
    row(sb, "broadcast θ (driver: to float32, into a broadcast)", s.broadcast());
    row(sb, "executor compute (slowest partition's engine time)", s.compute());
    row(sb, "aggregation (last partition's end -> driver has sum)", s.aggregation());
    row(sb, "scheduling and other (job - compute - aggregation)", s.scheduling());
    row(sb, "driver update (normalize, checks, Adam)", s.update());
    row(sb, "whole step", s.step());
    row(sb, "overhead = step - compute", s.overhead());
    row(sb, "empty Spark job (treeReduce of one int per partition)", s.emptyJob());
    sb.append(String.format(Locale.ROOT, "  %-56s %8.2fx%n", "overhead / empty job", s.overheadOverFloor()));
    row(sb, "plain Spark job (count of one int per partition)", s.countJob());
    sb.append(String.format(Locale.ROOT, "  %-56s %8.2fx%n", "overhead / plain job", s.overheadOverCount()));
    sb.append("  aggregation uses the executor's and the driver's System.nanoTime (one clock on one host);\n"
        + "  each column is its own median, so the parts need not add up to the whole step.\n");
  }

  private static void row(StringBuilder sb, String what, double ms) {
    sb.append(String.format(Locale.ROOT, "  %-56s %8.2f%n", what, ms));
  }

  Map<String, Object> toJson() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("setup", setup);
    Map<String, Object> tp = new LinkedHashMap<>();
    if (ours32 != null) tp.put("sparkmlpFloat32", json(ours32));
    if (ours64 != null) tp.put("sparkmlpFloat64", json(ours64));
    for (OurRuns.Throughput o : oursReference) {
      tp.put("sparkmlp" + (o.precision() == io.sparkmlp.nn.Precision.FLOAT32 ? "Float32" : "Float64")
          + "Batch" + o.batchSize(), json(o));
    }
    if (mllibGd != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("solver", "gd");
      m.put("samplesPerSecond", mllibGd.samplesPerSecond());
      m.put("medianPassSeconds", mllibGd.medianSeconds());
      m.put("passSeconds", mllibGd.passSeconds());
      tp.put("mllib", m);
      if (ours32 != null) tp.put("ratioFloat32", ours32.samplesPerSecond() / mllibGd.samplesPerSecond());
      if (ours64 != null) tp.put("ratioFloat64", ours64.samplesPerSecond() / mllibGd.samplesPerSecond());
    }
    if (!tp.isEmpty()) j.put("throughput", tp);
    Map<String, Object> tta = new LinkedHashMap<>();
    tta.put("targetAccuracy", targetAccuracy);
    if (oursTta != null) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("precision", oursTta.precision().id());
      o.put("seconds", oursTta.seconds());
      o.put("reached", oursTta.reached());
      o.put("batchSize", oursTta.batchSize());
      o.put("packSecondsIncluded", oursTta.packSeconds());
      o.put("evaluationSecondsExcluded", oursTta.evaluationSeconds());
      o.put("checkEverySteps", oursTta.checkEvery());
      o.put("checks", oursTta.checks().stream().map(c -> Map.of("epoch", c.epoch(), "step", c.step(),
          "seconds", c.seconds(), "accuracy", c.accuracy())).toList());
      tta.put("sparkmlp", o);
    }
    if (mllibTta != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("solver", "l-bfgs");
      m.put("seconds", mllibTta.seconds());
      m.put("iterations", mllibTta.iterations());
      m.put("bound", mllibTta.bound().name().toLowerCase(Locale.ROOT));
      m.put("checkEvery", mllibTta.checkEvery());
      m.put("budgetSeconds", mllibTta.budgetSeconds());
      m.put("evaluationSecondsExcluded", mllibTta.evaluationSeconds());
      m.put("probes", mllibTta.probes().stream().map(p -> Map.of("iterations", p.iterations(),
          "iterationsRun", p.ran(), "seconds", p.fitSeconds(), "accuracy", p.accuracy())).toList());
      tta.put("mllib", m);
    }
    if (oursTta != null && mllibTta != null && oursTta.reached()) {
      tta.put("ratio", mllibTta.seconds() / oursTta.seconds());
      tta.put("ratioBound", mllibTta.bound().name().toLowerCase(Locale.ROOT));
    }
    if (oursTta != null || mllibTta != null) j.put("timeToAccuracy", tta);
    if (kernels != null) {
      j.put("kernels", kernels.stream().map(r -> {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("shape", r.shape());
        k.put("precision", r.precision().id());
        k.put("batch", r.batch());
        k.put("passMillis", r.passMillis());
        k.put("passGflops", r.passGflops());
        k.put("gemmMillis", r.gemmMillis());
        k.put("gemmGflops", r.gemmGflops());
        k.put("efficiency", r.efficiency());
        return k;
      }).toList());
    }
    if (steps != null) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("batchSize", steps.batchSize());
      s.put("steps", steps.steps());
      s.put("broadcastMillis", steps.broadcast());
      s.put("computeMillis", steps.compute());
      s.put("aggregationMillis", steps.aggregation());
      s.put("schedulingMillis", steps.scheduling());
      s.put("updateMillis", steps.update());
      s.put("stepMillis", steps.step());
      s.put("overheadMillis", steps.overhead());
      s.put("emptyJobMillis", steps.emptyJob());
      s.put("countJobMillis", steps.countJob());
      s.put("overheadOverEmptyJob", steps.overheadOverFloor());
      j.put("stepCost", s);
    }
    if (sparse != null) {
      j.put("sparse", SparseReport.json(sparse));
    }
    j.put("targets", targets().stream().map(t -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.name());
      m.put("measured", t.figure());
      m.put("target", t.bar());
      m.put("met", t.met());
      return m;
    }).toList());
    return j;
  }

  private static Map<String, Object> json(OurRuns.Throughput o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("precision", o.precision().id());
    m.put("batchSize", o.batchSize());
    m.put("samplesPerSecond", o.samplesPerSecond());
    m.put("epochSamplesPerSecond", o.epochSamplesPerSecond());
    return m;
  }

  private static String list(double[] v, String fmt) {
    StringBuilder sb = new StringBuilder();
    for (double x : v) {
      sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, fmt, x));
    }
    return sb.toString();
  }

  static String f1(double v) { return String.format(Locale.ROOT, "%.1f", v); }
  static String f2(double v) { return String.format(Locale.ROOT, "%.2f", v); }
  static String pct(double v) { return String.format(Locale.ROOT, "%.0f%%", 100 * v); }
}
