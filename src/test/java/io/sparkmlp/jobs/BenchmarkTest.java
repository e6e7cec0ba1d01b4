package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmlp.SparkTestSession;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's --quick mode in-process, on small synthetic 28×28 data in 10 classes: every
 * MNIST section is reported, with positive figures; and the sparse section on the fortunes slice. No timing is asserted (benchmarks are not timed
 * tests), nor is any target.
 */
class BenchmarkTest {
  @TempDir Path tmp;

  @Test
  void quickModeReportsEverySectionWithPositiveFigures() throws IOException {
    Path data = tmp.resolve("digits");
    Files.createDirectories(data);
    writeIdx(data, "train", 600, 1);
    writeIdx(data, "t10k", 200, 2);
    Path out = tmp.resolve("out");
    SparkTestSession.get();
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code = Benchmark.run(new String[] {"--quick", "--data", data.toString(), "--out", out.toString(),
        "--batch-size", "64", "--lr", "0.003", "--warmup-steps", "0", "--target-accuracy", "0.5",
        "--mllib-max-seconds", "10", "--verbose"},
        new PrintWriter(stdout, true), new PrintWriter(stderr, true));
    assertEquals(0, code, stdout + "\n" + stderr);
    String table = stdout.toString();
    for (String section : new String[] {"== 1. throughput", "== 2. time to", "== 3. kernel",
        "== 4. one step", "step cost model (docs/performance.md):", "per batch size", "== targets =="}) {
      assertTrue(table.contains(section), "no '" + section + "' in\n" + table);
    }

    JsonNode j = new ObjectMapper().readTree(out.resolve("benchmark.json").toFile());
    JsonNode tp = j.get("throughput");
    for (String who : new String[] {"sparkmlpFloat32", "sparkmlpFloat64", "mllib"}) {
      positive(tp.get(who).get("samplesPerSecond"), "throughput." + who);
    }
    positive(tp.get("ratioFloat32"), "throughput.ratioFloat32");
    positive(tp.get("ratioFloat64"), "throughput.ratioFloat64");
    JsonNode tta = j.get("timeToAccuracy");
    positive(tta.get("sparkmlp").get("seconds"), "timeToAccuracy.sparkmlp.seconds");
    positive(tta.get("mllib").get("seconds"), "timeToAccuracy.mllib.seconds");
    positive(tta.get("sparkmlp").get("testAccuracy"), "timeToAccuracy.sparkmlp.testAccuracy");
    positive(tta.get("mllib").get("testAccuracy"), "timeToAccuracy.mllib.testAccuracy");
    assertEquals(2, tp.get("mllibSweep").size(), "--quick sweeps MLlib's blockSize 128 and 512");
    assertTrue(tta.get("sparkmlp").get("checks").size() > 0);
    assertTrue(tta.get("mllib").get("probes").size() > 0);
    assertEquals(4, j.get("kernels").size(), "2 shapes × 2 precisions");
    for (JsonNode k : j.get("kernels")) {
      positive(k.get("passGflops"), "kernels.passGflops");
      positive(k.get("gemmGflops"), "kernels.gemmGflops");
    }
    JsonNode steps = j.get("stepCost");
    for (String f : new String[] {"broadcastMillis", "computeMillis", "aggregationMillis",
        "updateMillis", "stepMillis", "overheadMillis", "matchedFloorMillis", "matchedFloorBareMillis",
        "emptyJobMillis", "countJobMillis"}) {
      positive(steps.get(f), "stepCost." + f);
    }
    assertTrue(j.get("targets").size() >= 8, j.get("targets").toString());
    assertEquals(4, j.get("batches").size(), "one time-to-accuracy run per batch size's recipe");
    for (JsonNode b : j.get("batches")) {
      positive(b.get("computeMs"), "batches.computeMs");
      positive(b.get("matchedFloorMs"), "batches.matchedFloorMs");
    }
    JsonNode model = j.get("costModel");
    positive(model.get("params").get("mergeMsPerMiB"), "costModel.params.mergeMsPerMiB");
    positive(model.get("msPerRow").get("784-300-100-10"), "costModel.msPerRow 266k");
    positive(model.get("msPerRow").get("4096-4096-800-10"), "costModel.msPerRow 20M");
    assertTrue(model.get("checks").size() >= 2, "the model against our float32 and float64 steps: " + model.get("checks"));
    assertEquals(6, model.get("projections").size(), "2 shapes × 8, 32 and 128 executors");
    for (JsonNode pr : model.get("projections")) {
      positive(pr.get("samplesPerSecond"), "costModel.projections.samplesPerSecond");
    }
    // our config is conf/mnist.conf's with the flags on top; MLlib gets its layer sizes
    String config = j.get("setup").get("sparkmlp config").asText();
    assertTrue(config.startsWith("conf/mnist.conf: adam, relu, batch 64, lr 0.003, warm-up 0 steps"), config);
    assertEquals("[784, 300, 100, 10]", j.get("setup").get("layers").asText());
  }

  /**
   * The sparse section alone on the committed fortunes slice (192 training and 48 test texts, 4
   * classes) at small widths: our fit, MLlib's LR, MLlib's MLP in its child JVM, the step cost
   * at two widths, the heap, and the four sparse targets, each judged.
   */
  @Test
  void sparseSectionOnAFortunesSliceReportsEveryFigureAndTarget() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/datasets/fortunes-slice.csv"),
        StandardCharsets.UTF_8);
    List<String> train = new ArrayList<>(List.of(lines.get(0))), test = new ArrayList<>(List.of(lines.get(0)));
    for (int i = 1; i < lines.size(); i++) {
      (i % 5 == 0 ? test : train).add(lines.get(i));
    }
    Files.write(tmp.resolve("train.csv"), train, StandardCharsets.UTF_8);
    Files.write(tmp.resolve("test.csv"), test, StandardCharsets.UTF_8);
    Path conf = tmp.resolve("text.conf");
    Files.writeString(conf, String.join("\n", "data = " + tmp.resolve("train.csv"), "test-data = "
        + tmp.resolve("test.csv"), "format = text", "text-features = 4096", "hidden = 16", "activation = relu",
        "optimizer = lazy_adam", "lr = 0.01", "batch-size = 32", "epochs = 2", "precision = float32", "seed = 7", ""));
    Path out = tmp.resolve("sparse-out");
    SparkTestSession.get();
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code = Benchmark.run(new String[] {"--sections", "sparse", "--sparse-config", conf.toString(),
        "--sparse-widths", "1024,4096", "--lr-reg-params", "0.001", "--mllib-mlp-max-iter", "5", "--mllib-mlp-max-seconds", "120",
        "--out", out.toString(), "--verbose"}, new PrintWriter(stdout, true), new PrintWriter(stderr, true));
    assertEquals(0, code, stdout + "\n" + stderr);
    String table = stdout.toString();
    assertTrue(table.contains("== 5. sparse: text, 192 training and 48 test rows, 4 classes"), table);
    assertTrue(!table.contains("== 1. throughput") && !table.contains("== 3. kernel"), table);

    JsonNode sp = new ObjectMapper().readTree(out.resolve("benchmark.json").toFile()).get("sparse");
    assertEquals(4096, sp.get("features").asInt());
    JsonNode ours = sp.get("sparkmlp");
    positive(ours.get("fitSeconds"), "sparkmlp.fitSeconds");
    positive(ours.get("testAccuracy"), "sparkmlp.testAccuracy");
    assertEquals("CSR", ours.get("layout").asText());
    positive(ours.get("heap").get("peakAfterGcBytes"), "sparkmlp.heap.peakAfterGcBytes");
    JsonNode lr = sp.get("mllibLogisticRegression");
    assertEquals(0.001, lr.get("regParam").asDouble());
    assertEquals("fixed", lr.get("regParamChosenOn").asText());
    positive(lr.get("fitSeconds"), "mllibLogisticRegression.fitSeconds");
    positive(sp.get("fitTimeRatio"), "fitTimeRatio");
    JsonNode mlp = sp.get("mllibMlp");
    assertEquals("ran", mlp.get("status").asText(), mlp.toString());
    positive(mlp.get("testAccuracy"), "mllibMlp.testAccuracy");
    assertEquals((4096 + 1) * 16 + (16 + 1) * 4, mlp.get("weights").asLong());
    JsonNode widths = sp.get("stepCostByWidth");
    assertEquals(2, widths.size());
    assertEquals(1024, widths.get(0).get("features").asInt());
    for (JsonNode w : widths) {
      for (String f : new String[] {"broadcastMillis", "jobMillis", "computeMillis", "updateMillis", "stepMillis"}) {
        positive(w.get(f), "stepCostByWidth." + f);
      }
    }
    positive(sp.get("stepGrowth"), "stepGrowth");
    long sparseTargets = 0;
    for (JsonNode t : new ObjectMapper().readTree(out.resolve("benchmark.json").toFile()).get("targets")) {
      if (t.get("name").asText().startsWith("sparse: ")) {
        sparseTargets++;
        assertTrue(t.get("met").isBoolean(), t.toString());
      }
    }
    assertEquals(4, sparseTargets);
  }

  @Test
  void aMissingConfigFileIsAUsageErrorNamingIt() {
    StringWriter stderr = new StringWriter();
    int code = Benchmark.run(new String[] {"--config", tmp.resolve("nope.conf").toString(), "--quick"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true));
    assertEquals(2, code, stderr.toString());
    assertTrue(stderr.toString().startsWith("benchmark: config file " + tmp.resolve("nope.conf") + ": no such file"),
        stderr.toString());
  }

  private static void positive(JsonNode v, String what) {
    assertTrue(v != null && v.isNumber() && v.asDouble() > 0, what + " = " + v);
  }

  /**
   * An IDX pair of {@code n} 28×28 images: class c lights up a 7×7 block of its own (c mod 10
   * on a 4×4 grid of blocks), plus noise, so a network can learn it in a few epochs.
   */
  private static void writeIdx(Path dir, String prefix, int n, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] labels = new byte[n];
    byte[] pixels = new byte[n * 784];
    for (int i = 0; i < n; i++) {
      int c = i % 10;
      labels[i] = (byte) c;
      for (int p = 0; p < 784; p++) {
        int r = p / 28, col = p % 28;
        boolean on = r / 7 == c / 4 && col / 7 == c % 4;
        pixels[i * 784 + p] = (byte) (on ? 200 + rng.nextInt(56) : rng.nextInt(60));
      }
    }
    try (DataOutputStream o = new DataOutputStream(out(dir.resolve(prefix + "-images-idx3-ubyte")))) {
      o.writeInt(0x803);
      o.writeInt(n);
      o.writeInt(28);
      o.writeInt(28);
      o.write(pixels);
    }
    try (DataOutputStream o = new DataOutputStream(out(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
      o.writeInt(0x801);
      o.writeInt(n);
      o.write(labels);
    }
  }

  private static OutputStream out(Path p) throws IOException {
    return Files.newOutputStream(p);
  }
}
