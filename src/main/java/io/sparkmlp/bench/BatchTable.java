package io.sparkmlp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Time to accuracy per batch size (issue 15 §3): each recipe of {@link MnistRecipes#CHOSEN} (one
 * per batch size: its learning rate, warm-up and step decay, chosen on the validation split by
 * {@link RecipeSweep}) trained through our time-to-accuracy run, beside its lower bound: the steps to the holding check ×
 * (compute at that batch + the matched floor). The bound says how much of the time is recipe
 * (steps) and how much is overhead.
 */
final class BatchTable {
  /** One measured row: the run, and its bound in seconds (NaN when it did not hold). */
  record Row(Recipe recipe, OurRuns.TimeToAccuracy run, double computeMs, double floorMs, double boundSeconds) {
    long heldStep() { return run.reached() ? run.checks().get(run.held()).step() : -1; }
  }

  private BatchTable() {}

  /** Runs each recipe; {@code floorMs} is the matched floor, for the bounds (each with its run's own compute). */
  static List<Row> run(BenchInput in, BenchSettings s, double floorMs) {
    List<Row> rows = new ArrayList<>();
    for (MnistRecipes.Chosen c : MnistRecipes.CHOSEN) {
      Recipe r = s.quick ? c.recipe().withEpochs(Math.min(2, c.recipe().epochs())) : c.recipe();
      OurRuns.TimeToAccuracy t = OurRuns.timeToAccuracy(in, s, r.applyTo(s.ours));
      rows.add(new Row(r, t, t.computeMillis(), floorMs, t.boundSeconds(floorMs)));
    }
    return rows;
  }

  /** The table, for the report. */
  static void table(StringBuilder sb, List<Row> rows, double target) {
    sb.append(String.format(Locale.ROOT, "%n== 2b. time to %.0f%% validation accuracy that holds, per batch size"
        + " (bench.MnistRecipes; bound = steps × (compute + matched floor)) ==%n", 100 * target));
    sb.append(String.format(Locale.ROOT, "  %-6s %-26s %7s %9s %9s %8s %9s %9s%n", "batch", "recipe", "step",
        "seconds", "bound s", "ratio", "final val", "test"));
    for (Row r : rows) {
      OurRuns.TimeToAccuracy t = r.run();
      sb.append(String.format(Locale.ROOT, "  %-6d %-26s %7s %9s %9s %8s %8.2f%% %8.2f%%%n", r.recipe().batch(),
          r.recipe(), t.reached() ? Long.toString(r.heldStep()) : "-", t.reached() ? BenchReport.f2(t.seconds()) : "-",
          Double.isNaN(r.boundSeconds()) ? "-" : BenchReport.f2(r.boundSeconds()),
          t.reached() ? BenchReport.f2(t.seconds() / r.boundSeconds()) + "x" : "-", 100 * t.last().accuracy(),
          100 * t.testAccuracy()));
    }
  }
}
