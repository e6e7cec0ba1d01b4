package io.sparkmlp.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped train conf fetches its data: {@code scripts/conf-data.sh} names the get-data
 * command for each conf's missing data, and {@code jobs/train.sh --config} runs it before
 * anything else (a stand-in get-data records the call and fails, so no build and no Spark run).
 * Each conf is copied into an empty directory, so that its {@code ../data} is missing.
 */
class ConfDataScriptTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));
  /** The data set each shipped conf trains on, as scripts/get-data.sh names it. */
  private static final Map<String, String> EXPECTED = Map.of(
      "mnist.conf", "mnist", "fashion-mnist.conf", "fashion-mnist", "text.conf", "fortunes");

  @Test
  void everyShippedConfNamesTheGetDataCommandOfItsData(@TempDir Path tmp) throws Exception {
    List<Path> confs = trainConfs();
    assertEquals(EXPECTED.keySet(), Set.copyOf(confs.stream().map(c -> c.getFileName().toString()).toList()),
        "a new conf with data needs its data set here");
    for (Path conf : confs) {
      Path copy = copyIntoEmptyDir(tmp, conf);
      String name = EXPECTED.get(conf.getFileName().toString());
      Result r = run(Map.of(), "bash", "scripts/conf-data.sh", "--dry-run", copy.toString());
      Path dataDir = copy.getParent().getParent().resolve("data").resolve(name);
      assertEquals(0, r.code, r.out);
      assertEquals(ROOT.resolve("scripts/get-data.sh") + " " + name + " --dir " + dataDir + "\n", r.out,
          conf + ": one get-data command for its data set");
    }
  }

  @Test
  void trainShFetchesTheConfsDataBeforeItSubmits(@TempDir Path tmp) throws Exception {
    Path stub = tmp.resolve("get-data-stub");
    Files.writeString(stub, "#!/bin/sh\necho \"stub get-data $*\"\nexit 3\n");
    assertTrue(stub.toFile().setExecutable(true));
    for (Path conf : trainConfs()) {
      Path copy = copyIntoEmptyDir(tmp, conf);
      String name = EXPECTED.get(conf.getFileName().toString());
      Result r = run(Map.of("SPARKMLP_GET_DATA", stub.toString()), "bash", "jobs/train.sh",
          "--config", copy.toString(), "--epochs", "1");
      assertEquals(1, r.code, r.out);
      assertTrue(r.out.contains("stub get-data " + name + " --dir "
          + copy.getParent().getParent().resolve("data").resolve(name) + "\n"), r.out);
      assertTrue(r.out.contains("failed"), "says the fetch failed: " + r.out);
    }
  }

  @Test
  void dataNoScriptFetchesIsOneLineThatSaysSo(@TempDir Path tmp) throws Exception {
    Path conf = tmp.resolve("mine.conf");
    Files.writeString(conf, "# mine\ndata = ../elsewhere/rows.csv\nformat = csv\n");
    Result r = run(Map.of(), "bash", "scripts/conf-data.sh", conf.toString());
    assertEquals(1, r.code, r.out);
    assertEquals(1, r.out.lines().count(), r.out);
    assertTrue(r.out.startsWith("conf-data: " + conf + ": data = ../elsewhere/rows.csv ("
        + tmp.getParent().resolve("elsewhere/rows.csv") + ") does not exist, and"
        + " scripts/get-data.sh fetches none of it (it knows mnist fashion-mnist fortunes)"), r.out);
    // a --data flag replaces the conf's path, so there is nothing to check
    Result skipped = run(Map.of(), "bash", "scripts/conf-data.sh", "--skip", "data", conf.toString());
    assertEquals(0, skipped.code, skipped.out);
  }

  /** The shipped confs that name data (spark-defaults.conf names none). */
  private static List<Path> trainConfs() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(ROOT.resolve("conf"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
        if (Files.readAllLines(p).stream().anyMatch(l -> l.matches("\\s*data\\s*=.*"))) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private static Path copyIntoEmptyDir(Path tmp, Path conf) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(conf.getFileName() + ".d").resolve("conf"));
    return Files.copy(conf, dir.resolve(conf.getFileName()));
  }

  private record Result(int code, String out) {}

  private static Result run(Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish:\n" + out);
    return new Result(p.exitValue(), out);
  }
}
