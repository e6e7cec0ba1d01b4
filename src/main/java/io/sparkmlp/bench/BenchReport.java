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
  /** MLlib's gd throughput at each blockSize swept, in the order run. */
  List<MllibRuns.Throughput> mllibGd;
  OurRuns.TimeToAccuracy oursTta;
  MllibRuns.TimeToAccuracy mllibTta;
  List<KernelEfficiency.Row> kernels;
  StepCost.Breakdown steps;
  /** Section 5, on text. */
  SparseReport.Result sparse;
  /** Section 2b: time to accuracy per batch size, with the bounds. */
  List<BatchTable.Row> batches;
  /** Section 6: the step cost model, its parameters, checks and projections. */
  CostModel.Section costModel;
  /** The MNIST input's partitions and θ's parameter count, for the cost model's checks (0 before). */
  int inputPartitions;
  long params;
  double targetAccuracy;

  /** One target: its figure, the bar ("-": reported without one), and whether it is met (null = not known). */
  record Target(String name, String figure, String bar, Boolean met) {}

  /** MLlib's fastest gd blockSize, or null. */
  MllibRuns.Throughput mllibBest() {
    return mllibGd == null || mllibGd.isEmpty() ? null : MllibRuns.best(mllibGd);
  }

  /** The matched floor with the step's result bytes, in milliseconds (NaN without section 1). */
  double matchedFloorMs() {
    return steps == null || steps.matched() == null ? Double.NaN : steps.matched().withResult();
  }

  /** The config's time-to-accuracy run's bound: held step × (its median compute + the matched floor), seconds. */
  double oursBoundSeconds() {
    return oursTta == null ? Double.NaN : oursTta.boundSeconds(matchedFloorMs());
  }

  List<Target> targets() {
    List<Target> t = new ArrayList<>();
    double bound = oursBoundSeconds();
    if (!Double.isNaN(bound)) {
      double r = oursTta.seconds() / bound;
      t.add(new Target("the config's time to " + pct(targetAccuracy) + " vs its bound (steps × (compute + floor))",
          f2(r) + "x (" + f2(oursTta.seconds()) + " / " + f2(bound) + " s)", "<= 1.25x", r <= 1.25));
    }
    MllibRuns.Throughput best = mllibBest();
    if (oursTta != null && mllibTta != null) {
      double r = mllibTta.seconds() / oursTta.seconds();
      String fig = !oursTta.reached() ? "sparkmlp did not hold it" : ratioPrefix() + f1(r) + "x";
      Boolean met = !oursTta.reached() ? Boolean.FALSE
          : mllibTta.bound() == MllibRuns.Bound.EXACT ? Boolean.valueOf(r >= 25)
          : mllibTta.bound() == MllibRuns.Bound.LOWER ? (r >= 25 ? Boolean.TRUE : null)
          : (r < 25 ? Boolean.FALSE : null);
      t.add(new Target("time to " + pct(targetAccuracy) + " validation accuracy, held, vs MLlib", fig, ">= 25x", met));
    }
    if (best != null) {
      String vs = " vs MLlib's best gd (blockSize " + best.blockSize() + ")";
      for (OurRuns.Throughput o : throughputRows()) {
        double r = o.samplesPerSecond() / best.samplesPerSecond();
        boolean judged = o.precision() == io.sparkmlp.nn.Precision.FLOAT32 && o.batchSize() == 4096;
        t.add(new Target("throughput " + o.precision().id() + " B=" + o.batchSize() + vs, f2(r) + "x",
            judged ? ">= 2x" : "-", judged ? Boolean.valueOf(r >= 2) : null));
      }
    }
    if (kernels != null) {
      for (KernelEfficiency.Row k : kernels) {
        t.add(new Target("fwd+bwd " + k.shape() + " " + k.precision().id() + " B=" + k.batch()
            + " vs raw GEMM", pct(k.efficiency()), ">= 70%", k.efficiency() >= 0.70));
      }
    }
    if (steps != null) {
      t.add(new Target("per-step overhead vs matched floor (B=" + steps.batchSize() + ")",
          f2(steps.overheadOverMatched()) + "x (" + f1(steps.overhead()) + " / " + f1(steps.matched().withResult())
              + " ms)", "<= 1.2x", steps.overheadOverMatched() <= 1.2));
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
    if (batches != null) {
      BatchTable.table(sb, batches, targetAccuracy);
    }
    kernelTable(sb);
    stepTable(sb);
    SparseReport.table(sb, sparse);
    if (costModel != null) {
      sb.append("\n").append(costModel.table());
    }
    sb.append("\n== targets ==\n");
    sb.append(String.format(Locale.ROOT, "%-70s | %-26s | %-7s | %s%n", "figure", "measured", "target", "met"));
    for (Target t : targets()) {
      sb.append(String.format(Locale.ROOT, "%-70s | %-26s | %-7s | %s%n", t.name(), t.figure(), t.bar(),
          "-".equals(t.bar()) ? "-" : t.met() == null ? "unknown" : t.met() ? "yes" : "NO"));
    }
    return sb.toString();
  }

  /** Our throughput rows: float32 and float64 at the config's batch, then the reference batch. */
  private List<OurRuns.Throughput> throughputRows() {
    List<OurRuns.Throughput> rows = new ArrayList<>();
    if (ours32 != null) rows.add(ours32);
    if (ours64 != null) rows.add(ours64);
    rows.addAll(oursReference);
    return rows;
  }

  private void throughputTable(StringBuilder sb) {
    List<OurRuns.Throughput> rows = throughputRows();
    if (rows.isEmpty() && mllibGd == null) {
      return;
    }
    MllibRuns.Throughput best = mllibBest();
    int warmup = !rows.isEmpty() ? rows.get(0).warmupPasses() : mllibGd.get(0).warmupPasses();
    sb.append("\n== 1. throughput: samples/s over full passes (median of the timed passes, each configuration after ")
        .append(warmup).append(" untimed warm-up pass(es)) ==\n");
    sb.append(String.format(Locale.ROOT, "%-40s | %12s | %12s | %s%n", "trainer", "samples/s", "vs MLlib best",
        "per timed pass"));
    for (OurRuns.Throughput o : rows) {
      sb.append(String.format(Locale.ROOT, "%-40s | %12.0f | %12s | %s%n",
          "sparkmlp " + o.precision().id() + ", batch " + o.batchSize(), o.samplesPerSecond(),
          best == null ? "-" : f2(o.samplesPerSecond() / best.samplesPerSecond()) + "x",
          list(o.epochSamplesPerSecond(), "%.0f")));
    }
    if (mllibGd != null) {
      for (MllibRuns.Throughput m : mllibGd) {
        sb.append(String.format(Locale.ROOT, "%-40s | %12.0f | %12s | %s s%n",
            "MLlib MLP gd, blockSize " + m.blockSize() + ", f64" + (m == best ? " (best)" : ""),
            m.samplesPerSecond(), f2(m.samplesPerSecond() / best.samplesPerSecond()) + "x",
            list(m.passSeconds(), "%.2f")));
      }
    }
  }

  private void ttaTable(StringBuilder sb) {
    if (oursTta == null && mllibTta == null) {
      return;
    }
    sb.append("\n== 2. time to ").append(pct(targetAccuracy)).append(" validation accuracy that holds: wall seconds")
        .append(" from fit start to the first check at the target that every later check of the run keeps")
        .append(" (evaluation not counted); the test set is used once, on each run's final model ==\n");
    if (oursTta != null) {
      oursTta(sb, oursTta);
    }
    if (mllibTta != null) {
      mllibTta(sb, mllibTta);
    }
    if (oursTta != null && mllibTta != null && oursTta.reached()) {
      sb.append(String.format(Locale.ROOT, "ratio MLlib / sparkmlp: %s%sx%n", ratioPrefix(),
          f1(mllibTta.seconds() / oursTta.seconds())));
    }
  }

  private void oursTta(StringBuilder sb, OurRuns.TimeToAccuracy o) {
    OurRuns.Check held = o.reached() ? o.checks().get(o.held()) : null;
    OurRuns.Check touch = o.touched() >= 0 ? o.checks().get(o.touched()) : null;
    sb.append(String.format(Locale.ROOT,
        "sparkmlp %s, batch %d (%d steps/epoch), the config's whole run, checked %s: %s (packing %.2f s inside;"
            + " %.1f s of evaluation excluded)%n",
        o.precision().id(), o.batchSize(), o.stepsPerEpoch(), o.checkEvery() > 0
            ? "every " + o.checkEvery() + " steps and at epoch ends" : "at epoch ends",
        held == null ? "not held by the run's end (" + f2(o.seconds()) + " s)"
            : f2(held.seconds()) + " s at step " + held.step(), o.packSeconds(), o.evaluationSeconds()));
    sb.append(String.format(Locale.ROOT, "    first touch: %s; final model: validation %.4f, test %.4f%n",
        touch == null ? "none" : "step " + touch.step() + ", " + f2(touch.seconds()) + " s",
        o.checks().isEmpty() ? Double.NaN : o.last().accuracy(), o.testAccuracy()));
    for (int i = 0; i < o.checks().size(); i++) {
      OurRuns.Check c = o.checks().get(i);
      sb.append(String.format(Locale.ROOT, "    epoch %3d  step %5d  %8.2f s  accuracy %.4f%s%n",
          c.epoch(), c.step(), c.seconds(), c.accuracy(), i == o.held() ? "  <- held from here" : ""));
    }
  }

  private void mllibTta(StringBuilder sb, MllibRuns.TimeToAccuracy m) {
    sb.append(String.format(Locale.ROOT,
        "MLlib MLP l-bfgs, blockSize %d%s, checkpoints every %d iterations of one continuous fit: %s%s s at %d"
            + " iterations%s, %s %d (%.1f s of evaluation excluded)%n",
        m.blockSize(), mllibGd == null ? " (MLlib's default)" : " (the gd sweep's best)", m.checkEvery(), ratioPrefix(),
        f1(m.seconds()), m.iterations(),
        switch (m.bound()) {
          case EXACT -> "";
          case LOWER -> " (budget " + f1(m.budgetSeconds()) + " s ran out before a checkpoint held the target: a lower bound)";
          case UPPER -> " (budget ran out before the checkpoint below was probed: an upper bound)";
        }, m.reached() ? "held through the last checkpoint probed," : "the last checkpoint probed:", m.heldThrough(),
        m.evaluationSeconds()));
    sb.append(String.format(Locale.ROOT, "    final model (%d iterations): test %.4f%n", m.heldThrough(),
        m.testAccuracy()));
    sb.append("    checkpoint N = a fresh fit of maxIter N (same seed, same first N iterations); only probed"
        + " checkpoints are checked; probes in the order run:\n");
    for (MllibRuns.Probe p : m.probes()) {
      sb.append(String.format(Locale.ROOT, "    iter  %3d  %8.1f s  accuracy %.4f%s%n", p.iterations(), p.fitSeconds(),
          p.accuracy(), p.ran() < p.iterations() ? "  (L-BFGS stopped after " + p.ran() + ")" : ""));
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
        "%n== 4. one step, float32, batch %d: medians over the %d steps of the timed passes (ms) ==%n",
        s.batchSize(), s.steps()));
    row(sb, "broadcast θ (driver: to float32, into a broadcast)", s.broadcast());
    row(sb, "executor compute (slowest partition's engine time)", s.compute());
    row(sb, "aggregation (last partition's end -> driver has sum)", s.aggregation());
    row(sb, "scheduling and other (job - compute - aggregation)", s.scheduling());
    row(sb, "driver update (normalize, checks, Adam)", s.update());
    row(sb, "whole step", s.step());
    row(sb, "overhead = step - compute", s.overhead());
    MatchedFloor.Floor m = s.matched();
    row(sb, "matched floor: θ broadcast + named-class job, no engine", m.withResult());
    row(sb, "  of which the θ broadcast (release old, convert, broadcast)", m.broadcast());
    row(sb, "  the same with a one-value result (no gradient bytes)", m.bare());
    sb.append(String.format(Locale.ROOT, "  %-56s %8.2fx%n", "overhead / matched floor", s.overheadOverMatched()));
    sb.append("  reference, lambda jobs (they pay Spark's ClosureCleaner, the step does not):\n");
    row(sb, "  treeReduce of one int per partition", s.emptyJob());
    sb.append(String.format(Locale.ROOT, "  %-56s %8.2fx%n", "  overhead / treeReduce", s.overheadOverFloor()));
    row(sb, "  count of one int per partition", s.countJob());
    sb.append(String.format(Locale.ROOT, "  %-56s %8.2fx%n", "  overhead / count", s.overheadOverCount()));
    sb.append(String.format(Locale.ROOT, "  the matched floor's tasks read θ (%d values) and return a gradient-sized zero"
        + " array;%n  %d of each variant, alternated, after as many untimed.%n", m.params(), m.reps()));
    sb.append("  aggregation uses the executor's and the driver's System.nanoTime (one clock on one host);\n"
        + "  each column is its own median, so the parts need not add up to the whole step.\n");
  }

  private static void row(StringBuilder sb, String what, double ms) {
    sb.append(String.format(Locale.ROOT, "  %-56s %8.2f%n", what, ms));
  }

  /** The same figures as {@link #table}, for benchmark.json ({@link BenchJson}). */
  Map<String, Object> toJson() {
    return BenchJson.of(this);
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
