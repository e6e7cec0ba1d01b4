package io.sparkmlp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, on real MNIST (fetched and md5-checked by scripts/get-data.sh):
 * `jobs/train.sh` with the default conf/mnist.conf reaches at least 97.5% test accuracy.
 */
class MnistIT {
  @TempDir Path tmp;

  @Test
  void theDefaultConfigurationLearnsMnist() throws Exception {
    Path out = tmp.resolve("mnist");
    Path log = tmp.resolve("train.log");
    Process p = new ProcessBuilder("bash", "jobs/train.sh", "--config", "conf/mnist.conf", "--out",
        out.toString()).directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(1200, TimeUnit.SECONDS), "training timed out");
    assertEquals(0, p.exitValue(), Files.readString(log));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    double accuracy = summary.get("test_accuracy").asDouble();
    System.out.println("MNIST test accuracy " + accuracy + " in " + summary.get("train_seconds") + " s");
    assertTrue(accuracy >= 0.975, "test accuracy " + accuracy + "\n" + Files.readString(log));
  }
}
