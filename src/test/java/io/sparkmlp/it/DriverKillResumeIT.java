package io.sparkmlp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.ml.MlpClassificationModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver of a real `jobs/train.sh` run is killed with SIGKILL mid-training; `--resume`
 * then finishes it, and the final weights are bit-identical to an uninterrupted run's.
 */
class DriverKillResumeIT {
  private static final File ROOT = new File(System.getProperty("user.dir"));

  @TempDir Path tmp;

  private List<String> train(String... extra) {
    List<String> cmd = new ArrayList<>(List.of("bash", "jobs/train.sh", "--master", "local[2]",
        "--data", "src/test/resources/datasets/digits.csv", "--format", "csv", "--hidden", "48",
        "--epochs", "4", "--batch-size", "32", "--precision", "float64", "--partitions", "2",
        "--seed", "7", "--validation-fraction", "0.1", "--checkpoint-every", "5"));
    cmd.addAll(Arrays.asList(extra));
    return cmd;
  }

  private static Process start(List<String> cmd, Path log) throws IOException {
    return new ProcessBuilder(cmd).directory(ROOT).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  private static void finish(Process p, Path log, String what) throws Exception {
    assertTrue(p.waitFor(600, TimeUnit.SECONDS), what + " timed out");
    assertEquals(0, p.exitValue(), what + " failed:\n" + Files.readString(log));
  }

  /** θ of a run's model: saved bare, or as the last stage of a PipelineModel with --standardize. */
  private static double[] weights(Path run) {
    String model = run.resolve("model").toString();
    try {
      return MlpClassificationModel.load(model).weights();
    } catch (IllegalArgumentException notBare) {
      Transformer[] stages = PipelineModel.load(model).stages();
      return ((MlpClassificationModel) stages[stages.length - 1]).weights();
    }
  }

  /** Checkpoint files written so far (the step number is in the name). */
  private static long newestStep(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+\\.ckpt"))
          .mapToLong(n -> Long.parseLong(n.replaceAll("\\D", ""))).max().orElse(-1);
    }
  }

  @Test
  void aKilledDriverResumesToBitIdenticalWeights() throws Exception {
    Path full = tmp.resolve("full"), killed = tmp.resolve("killed"), ckpt = tmp.resolve("ckpt");
    Path log = tmp.resolve("full.log");
    finish(start(train("--out", full.toString()), log), log, "the uninterrupted run");

    Path killedLog = tmp.resolve("killed.log");
    Process p = start(train("--out", killed.toString(), "--checkpoint-dir", ckpt.toString()), killedLog);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    // 1617 training rows / 32 = 51 steps an epoch: kill in the middle of the second epoch
    while (newestStep(ckpt) < 70 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(p.isAlive(), "the run ended before it could be killed:\n" + Files.readString(killedLog));
    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly); // SIGKILL, the JVM included
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
    long at = newestStep(ckpt);
    assertTrue(at >= 70 && at < 204, "killed after checkpoint step " + at + " of 204");
    assertFalse(Files.exists(killed), "a killed run must leave no output directory");

    Path resumeLog = tmp.resolve("resume.log");
    finish(start(List.of("bash", "jobs/train.sh", "--master", "local[2]", "--resume", ckpt.toString(),
        "--out", killed.toString()), resumeLog), resumeLog, "the resumed run");
    assertTrue(Files.readString(resumeLog).contains("resuming from"), Files.readString(resumeLog));

    SparkTestSession.get();
    assertArrayEquals(weights(full), weights(killed), "resumed weights must equal the uninterrupted run's");
  }
}
