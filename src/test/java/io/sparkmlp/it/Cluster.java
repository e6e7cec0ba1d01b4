package io.sparkmlp.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drives scripts/cluster.sh from tests, and finds the executor JVMs it launched. */
final class Cluster {
  static final String MASTER = "spark://127.0.0.1:7077";
  private static final File ROOT = new File(System.getProperty("user.dir"));

  private Cluster() {}

  /** Runs scripts/cluster.sh with the arguments; fails with the script's output when it fails. */
  static void script(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", "scripts/cluster.sh"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("cluster", ".log");
    Process p = new ProcessBuilder(cmd).directory(ROOT).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("scripts/cluster.sh " + String.join(" ", args) + " timed out:\n"
          + Files.readString(out));
    }
    if (p.exitValue() != 0 && !"stop".equals(args[0])) {
      throw new IllegalStateException("scripts/cluster.sh " + String.join(" ", args) + " failed ("
          + p.exitValue() + "):\n" + Files.readString(out));
    }
  }

  /** The shaded app jar the executors load our classes from (built by the package phase). */
  static String appJar() {
    File jar = new File(ROOT, "target/sparkmlp-0.1.0.jar");
    if (!jar.isFile()) {
      throw new IllegalStateException(jar + " is missing: run the integration tests with mvn verify");
    }
    return jar.getAbsolutePath();
  }

  /** Pids of the running executor JVMs (CoarseGrainedExecutorBackend processes). */
  static List<Long> executorPids() {
    return ProcessHandle.allProcesses()
        .filter(ph -> ph.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .map(ProcessHandle::pid).toList();
  }

  /** SIGKILL, as a machine failure would. */
  static void kill9(long pid) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
  }
}
