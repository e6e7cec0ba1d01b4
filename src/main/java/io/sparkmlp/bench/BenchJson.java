package io.sparkmlp.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link BenchReport} as the maps and lists that become benchmark.json: its fields, and the targets. */
final class BenchJson {
  private BenchJson() {}

  static Map<String, Object> of(BenchReport r) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("setup", r.setup);
    Map<String, Object> tp = throughput(r);
    if (!tp.isEmpty()) j.put("throughput", tp);
    if (r.oursTta != null || r.mllibTta != null) j.put("timeToAccuracy", timeToAccuracy(r));
    if (r.kernels != null) {
      j.put("kernels", r.kernels.stream().map(k -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", k.shape());
        m.put("precision", k.precision().id());
        m.put("batch", k.batch());
        m.put("passMillis", k.passMillis());
        m.put("passGflops", k.passGflops());
        m.put("gemmMillis", k.gemmMillis());
        m.put("gemmGflops", k.gemmGflops());
        m.put("efficiency", k.efficiency());
        return m;
      }).toList());
    }
    if (r.steps != null) j.put("stepCost", steps(r.steps));
    if (r.sparse != null) j.put("sparse", SparseReport.json(r.sparse));
    if (r.costModel != null) j.put("costModel", r.costModel.toJson());
    if (r.batches != null) {
      j.put("batches", r.batches.stream().map(b -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipe", b.recipe().toString());
        m.put("batchSize", b.recipe().batch());
        m.put("reached", b.run().reached());
        m.put("heldFromStep", b.run().reached() ? b.heldStep() : null);
        m.put("seconds", b.run().reached() ? b.run().seconds() : null);
        m.put("boundSeconds", Double.isNaN(b.boundSeconds()) ? null : b.boundSeconds());
        m.put("computeMs", b.computeMs());
        m.put("matchedFloorMs", b.floorMs());
        m.put("finalValidationAccuracy", b.run().last().accuracy());
        m.put("testAccuracy", b.run().testAccuracy());
        return m;
      }).toList());
    }
    j.put("targets", r.targets().stream().map(t -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.name());
      m.put("measured", t.figure());
      m.put("target", t.bar());
      m.put("met", t.met());
      return m;
    }).toList());
    return j;
  }

  private static Map<String, Object> throughput(BenchReport r) {
    Map<String, Object> tp = new LinkedHashMap<>();
    if (r.ours32 != null) tp.put("sparkmlpFloat32", ours(r.ours32));
    if (r.ours64 != null) tp.put("sparkmlpFloat64", ours(r.ours64));
    for (OurRuns.Throughput o : r.oursReference) {
      tp.put("sparkmlp" + (o.precision() == io.sparkmlp.nn.Precision.FLOAT32 ? "Float32" : "Float64")
          + "Batch" + o.batchSize(), ours(o));
    }
    MllibRuns.Throughput best = r.mllibBest();
    if (best != null) {
      tp.put("mllib", mllib(best));
      tp.put("mllibSweep", r.mllibGd.stream().map(BenchJson::mllib).toList());
      if (r.ours32 != null) tp.put("ratioFloat32", r.ours32.samplesPerSecond() / best.samplesPerSecond());
      if (r.ours64 != null) tp.put("ratioFloat64", r.ours64.samplesPerSecond() / best.samplesPerSecond());
    }
    return tp;
  }

  private static Map<String, Object> timeToAccuracy(BenchReport r) {
    Map<String, Object> tta = new LinkedHashMap<>();
    tta.put("targetAccuracy", r.targetAccuracy);
    tta.put("checkedOn", "validation split");
    OurRuns.TimeToAccuracy o = r.oursTta;
    if (o != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("precision", o.precision().id());
      m.put("seconds", o.seconds());
      m.put("reached", o.reached());
      m.put("heldFromStep", o.reached() ? o.checks().get(o.held()).step() : null);
      m.put("firstTouchStep", o.touched() >= 0 ? o.checks().get(o.touched()).step() : null);
      m.put("firstTouchSeconds", o.touched() >= 0 ? o.checks().get(o.touched()).seconds() : null);
      m.put("testAccuracy", o.testAccuracy());
      m.put("batchSize", o.batchSize());
      m.put("packSecondsIncluded", o.packSeconds());
      m.put("evaluationSecondsExcluded", o.evaluationSeconds());
      m.put("checkEverySteps", o.checkEvery());
      m.put("computeMillisMedian", o.computeMillis());
      double bound = r.oursBoundSeconds();
      m.put("boundSeconds", Double.isNaN(bound) ? null : bound);
      m.put("checks", o.checks().stream().map(c -> Map.of("epoch", c.epoch(), "step", c.step(),
          "seconds", c.seconds(), "accuracy", c.accuracy())).toList());
      tta.put("sparkmlp", m);
    }
    MllibRuns.TimeToAccuracy l = r.mllibTta;
    if (l != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("solver", "l-bfgs");
      m.put("blockSize", l.blockSize());
      m.put("seconds", l.seconds());
      m.put("iterations", l.iterations());
      m.put("bound", l.bound().name().toLowerCase(Locale.ROOT));
      m.put("heldThroughIterations", l.heldThrough());
      m.put("testAccuracy", l.testAccuracy());
      m.put("checkEvery", l.checkEvery());
      m.put("budgetSeconds", l.budgetSeconds());
      m.put("evaluationSecondsExcluded", l.evaluationSeconds());
      m.put("probes", l.probes().stream().map(p -> Map.of("iterations", p.iterations(),
          "iterationsRun", p.ran(), "seconds", p.fitSeconds(), "accuracy", p.accuracy())).toList());
      tta.put("mllib", m);
    }
    if (o != null && l != null && o.reached()) {
      tta.put("ratio", l.seconds() / o.seconds());
      tta.put("ratioBound", l.bound().name().toLowerCase(Locale.ROOT));
    }
    return tta;
  }

  private static Map<String, Object> steps(StepCost.Breakdown b) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("batchSize", b.batchSize());
    s.put("steps", b.steps());
    s.put("broadcastMillis", b.broadcast());
    s.put("computeMillis", b.compute());
    s.put("aggregationMillis", b.aggregation());
    s.put("schedulingMillis", b.scheduling());
    s.put("updateMillis", b.update());
    s.put("stepMillis", b.step());
    s.put("overheadMillis", b.overhead());
    s.put("matchedFloorMillis", b.matched().withResult());
    s.put("matchedFloorBroadcastMillis", b.matched().broadcast());
    s.put("matchedFloorBareMillis", b.matched().bare());
    s.put("overheadOverMatchedFloor", b.overheadOverMatched());
    s.put("emptyJobMillis", b.emptyJob());
    s.put("countJobMillis", b.countJob());
    s.put("overheadOverEmptyJob", b.overheadOverFloor());
    return s;
  }

  private static Map<String, Object> ours(OurRuns.Throughput o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("precision", o.precision().id());
    m.put("batchSize", o.batchSize());
    m.put("warmupPasses", o.warmupPasses());
    m.put("samplesPerSecond", o.samplesPerSecond());
    m.put("epochSamplesPerSecond", o.epochSamplesPerSecond());
    return m;
  }

  private static Map<String, Object> mllib(MllibRuns.Throughput t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("solver", "gd");
    m.put("blockSize", t.blockSize());
    m.put("warmupPasses", t.warmupPasses());
    m.put("samplesPerSecond", t.samplesPerSecond());
    m.put("medianPassSeconds", t.medianSeconds());
    m.put("passSeconds", t.passSeconds());
    return m;
  }
}
