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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real `jobs/train.sh` run gets SIGTERM mid-epoch: it finishes the step in flight, checkpoints
 * it, prints one line naming the step, the checkpoint and the resume command, exits 143 and
 * leaves no (partial) --out. Running that printed command then finishes the run with weights
 * bit-identical to an undisturbed run's.
 */
class SignalStopResumeIT {
  private static final File ROOT = new File(System.getProperty("user.dir"));
  /** 1617 training rows / 32 = 51 steps an epoch; 2 epochs. */
  private static final Pattern STOPPED = Pattern.compile("train: SIGTERM: stopped after step (\\d+) \\(epoch (\\d+), "
      + "step (\\d+) of 51\\); checkpoint (\\S+); resume with: (jobs/train\\.sh --resume .*)");

  @TempDir Path tmp;

  private static List<String> train(String... extra) {
    return train(2, extra);
  }

  private static List<String> train(int epochs, String... extra) {
    List<String> cmd = new ArrayList<>(List.of("bash", "jobs/train.sh", "--master", "local[2]",
        "--data", "src/test/resources/datasets/digits.csv", "--format", "csv", "--hidden", "32",
        "--epochs", Integer.toString(epochs), "--batch-size", "32", "--precision", "float64", "--partitions", "2",
        "--seed", "11", "--validation-fraction", "0.1", "--checkpoint-every", "5"));
    cmd.addAll(Arrays.asList(extra));
    return cmd;
  }

  private static Process start(List<String> cmd, Path log) throws IOException {
    return new ProcessBuilder(cmd).directory(ROOT).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  private static void finish(Process p, Path log, String what) throws Exception {
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), what + " timed out");
    assertEquals(0, p.exitValue(), what + " failed:\n" + Files.readString(log));
  }

  private static long newestStep(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+\\.ckpt"))
          .mapToLong(n -> Long.parseLong(n.replaceAll("\\D", ""))).max().orElse(-1);
    }
  }

  private static List<String> siblings(Path out) throws IOException {
    try (var files = Files.list(out.getParent())) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith(out.getFileName() + ".tmp-")).toList();
    }
  }

  @Test
  void sigtermCheckpointsAfterTheStepInFlightAndTheResumeIsBitIdentical() throws Exception {
    Path full = tmp.resolve("full"), stopped = tmp.resolve("stopped"), ckpt = tmp.resolve("stopped-checkpoints");
    Path stopLog = tmp.resolve("stopped.log");
    Process p = start(train("--out", stopped.toString()), stopLog);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (newestStep(ckpt) < 20 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(p.isAlive(), "the run ended before the signal:\n" + Files.readString(stopLog));
    p.destroy(); // SIGTERM: train.sh execs the JVM, so p is the driver
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "no exit after SIGTERM");
    String text = Files.readString(stopLog);
    assertEquals(143, p.exitValue(), text);
    Matcher m = STOPPED.matcher(text);
    assertTrue(m.find(), "no stop line in:\n" + text);
    long step = Long.parseLong(m.group(1));
    assertTrue(step >= 20 && step < 102, "stopped at step " + step + " of 102");
    assertEquals(step, (Long.parseLong(m.group(2)) - 1) * 51 + Long.parseLong(m.group(3)), m.group());
    assertEquals(ckpt.resolve(String.format("checkpoint-%012d.ckpt", step)).toString(), m.group(4));
    assertEquals(step, newestStep(ckpt), "the newest checkpoint is the stopped step's");
    assertEquals("jobs/train.sh --resume " + ckpt + " --out " + stopped + " --master 'local[2]'", m.group(5));
    assertFalse(Files.exists(stopped), "a stopped run must leave no --out");
    assertEquals(List.of(), siblings(stopped), "nor its staging sibling");

    Path log = tmp.resolve("full.log");
    Process undisturbed = start(train("--out", full.toString()), log); // alongside the resume, to save time
    Path resumeLog = tmp.resolve("resume.log");
    finish(start(List.of("bash", "-c", m.group(5)), resumeLog), resumeLog, "the printed resume command");
    String resumed = Files.readString(resumeLog);
    assertTrue(resumed.matches("(?s).*resuming from \\S*" + Pattern.quote(m.group(4)) + ": .*"), resumed);

    finish(undisturbed, log, "the undisturbed run");
    SparkTestSession.get();
    assertArrayEquals(MlpClassificationModel.load(full.resolve("model").toString()).weights(),
        MlpClassificationModel.load(stopped.resolve("model").toString()).weights(),
        "resumed weights must equal the undisturbed run's, bit for bit");
  }

  @Test
  void aSecondSignalExitsAtOnceAndTheNewestCheckpointStaysValid() throws Exception {
    Path out = tmp.resolve("twice"), ckpt = tmp.resolve("twice-checkpoints");
    Path log = tmp.resolve("twice.log");
    Process p = start(train(40, "--out", out.toString()), log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (newestStep(ckpt) < 10 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(p.isAlive(), "the run ended before the signals:\n" + Files.readString(log));
    ProcessBuilder kill = new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()));
    assertEquals(0, kill.start().waitFor());
    while (!Files.readString(log).contains("SIGTERM received") && p.isAlive()) {
      Thread.sleep(5); // the first handler has run: the next signal is the second
    }
    assertEquals(0, kill.start().waitFor());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "no exit after the second SIGTERM");
    String text = Files.readString(log);
    assertEquals(143, p.exitValue(), text);
    assertTrue(text.contains("train: second signal (SIGTERM): exiting at once") || text.contains("train: SIGTERM: "
        + "stopped after step"), "either the halt or (had the step ended first) the regular stop line:\n" + text);
    assertFalse(Files.exists(out), "no --out");
    assertEquals(List.of(), siblings(out), "nor its staging sibling");
    SparkTestSession.get();
    var store = new io.sparkmlp.train.CheckpointStore(ckpt.toString(),
        SparkTestSession.jsc().hadoopConfiguration(), 3);
    var newest = store.list().get(store.list().size() - 1);
    assertEquals(newestStep(ckpt), store.read(newest).state().globalStep(), "the newest checkpoint loads and verifies");
  }

  /**
   * SIGINT (Ctrl-C) ends the same way with exit 130. A process started in the background by a
   * non-interactive shell inherits SIGINT ignored, and a JVM keeps an ignored SIGINT ignored, so
   * the run is started through python3, which resets SIGINT to its default before it execs
   * jobs/train.sh (which execs the JVM: the pid stays the driver's).
   */
  @Test
  void sigintStopsTheSameWayWithExit130() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(new File("/usr/bin/python3").canExecute(),
        "python3 resets the inherited SIG_IGN of SIGINT; /usr/bin/python3 is missing");
    Path out = tmp.resolve("interrupted"), ckpt = tmp.resolve("interrupted-checkpoints");
    Path log = tmp.resolve("interrupted.log");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c",
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"));
    cmd.addAll(train(40, "--out", out.toString()));
    Process p = start(cmd, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (newestStep(ckpt) < 10 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(p.isAlive(), "the run ended before the signal:\n" + Files.readString(log));
    assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "no exit after SIGINT");
    String text = Files.readString(log);
    assertEquals(130, p.exitValue(), text);
    Matcher m = Pattern.compile("train: SIGINT: stopped after step (\\d+) .*; checkpoint (\\S+); resume with: ")
        .matcher(text);
    assertTrue(m.find(), "no stop line in:\n" + text);
    assertEquals(Long.parseLong(m.group(1)), newestStep(ckpt), "the newest checkpoint is the stopped step's");
    assertFalse(Files.exists(out), "a stopped run must leave no --out");
    assertEquals(List.of(), siblings(out), "nor its staging sibling");
  }
}
