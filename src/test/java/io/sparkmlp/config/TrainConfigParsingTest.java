package io.sparkmlp.config;

import static io.sparkmlp.train.Hyperparams.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config files and flags → the effective configuration, without Spark. */
class TrainConfigParsingTest {
  static final LocalDateTime START = LocalDateTime.of(2025, 3, 4, 5, 6, 7);

  @TempDir Path tmp;

  private Path conf(String text) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("conf"));
    Path f = dir.resolve("run.conf");
    Files.writeString(f, text);
    return f;
  }

  private static TrainSpec spec(Map<String, Setting> file, Map<String, Setting> flags) {
    return TrainSpec.of(TrainSpec.merge(file, flags), START);
  }

  private static Map<String, Setting> flags(String... kv) {
    Map<String, Setting> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], Setting.fromFlag(kv[i], kv[i + 1]));
    }
    return m;
  }

  @Test
  void unknownKeyNamesTheKeyTheFileAndTheLine() throws IOException {
    Path f = conf("data = x\n# a comment\n\nlearning-rate = 0.1\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(f));
    assertTrue(e.getMessage().contains(f.toString() + ", line 4"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key 'learning-rate'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'lr'?"), e.getMessage());
  }

  @Test
  void badValueNamesTheKeyTheFileAndTheLine() throws IOException {
    Path f = conf("data = x\nbatch-size = zero\n");
    ConfigException e = assertThrows(ConfigException.class, () -> spec(ConfigFile.read(f), Map.of()));
    assertEquals(f + ", line 2, key 'batch-size': expected a whole number, found 'zero'", e.getMessage());

    Path g = conf("data = x\nlr = -1\n");
    e = assertThrows(ConfigException.class, () -> spec(ConfigFile.read(g), Map.of()));
    assertTrue(e.getMessage().startsWith(g + ", line 2, key 'lr': '-1' is invalid: must be a finite"
        + " number > 0"), e.getMessage());

    Path h = conf("data = x\nactivation = relux\n");
    e = assertThrows(ConfigException.class, () -> spec(ConfigFile.read(h), Map.of()));
    assertTrue(e.getMessage().contains("line 2, key 'activation': expected one of identity, relu"),
        e.getMessage());
  }

  @Test
  void badFlagValueNamesTheFlag() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> spec(Map.of(), flags("data", "x", "hidden", "300,0")));
    assertTrue(e.getMessage().startsWith("flag --hidden: expected layer widths > 0"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> spec(Map.of(), flags("data", "x", "task", "regresion")));
    assertTrue(e.getMessage().contains("flag --task: expected one of classification, regression"),
        e.getMessage());
  }

  @Test
  void duplicateKeyIsAnError() throws IOException {
    Path f = conf("data = x\nepochs = 3\n\nepochs = 4\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(f));
    assertEquals(f + ", line 4: duplicate key 'epochs' (first set on line 2)", e.getMessage());
  }

  @Test
  void malformedLinesAndFlagOnlyKeysAreErrors() throws IOException {
    Path f = conf("data = x\nepochs 3\n");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.read(f)).getMessage()
        .contains("line 2: expected 'key = value', found 'epochs 3'"));
    Path g = conf("resume = /tmp/x\n");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.read(g)).getMessage()
        .contains("line 1: key 'resume' is only a command-line flag"));
    Path h = conf("epochs =\n");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.read(h)).getMessage()
        .contains("line 1, key 'epochs': expected a value after '='"));
  }

  @Test
  void relativePathsResolveAgainstTheConfigDirectory() throws IOException {
    Path f = conf("data = ../data/mnist   # trailing comment\ntest-data = /abs/test.csv\n"
        + "checkpoint-dir = hdfs://nn/ckpt\nout = runs/a\n");
    TrainSpec s = spec(ConfigFile.read(f), Map.of());
    assertEquals(tmp.resolve("data/mnist").toString(), s.data());
    assertEquals("/abs/test.csv", s.testData());
    assertEquals("hdfs://nn/ckpt", s.checkpointDir());
    assertEquals(tmp.resolve("conf/runs/a"), s.out());
  }

  @Test
  void timeIsReplacedInOutAndTheDefaultCheckpointDirFollowsOut() throws IOException {
    Path f = conf("data = d\nout = ../runs/mnist-{time}\n");
    TrainSpec s = spec(ConfigFile.read(f), Map.of());
    assertEquals(tmp.resolve("runs/mnist-20250304-050607"), s.out());
    assertEquals(tmp.resolve("runs/mnist-20250304-050607-checkpoints").toString(), s.checkpointDir());
    assertNull(spec(ConfigFile.read(f), flags("checkpoint-dir", "none")).checkpointDir());
  }

  /** Every training setting is a key of the job, with its type, default and doc from the table. */
  @Test
  void everyTableSettingIsAKey() {
    for (io.sparkmlp.train.Hyperparam<?> h : io.sparkmlp.train.Hyperparams.ALL) {
      TrainKeys.Key k = TrainKeys.get(h.key());
      assertSame(h, k.setting(), h.key());
      assertEquals(h.doc(), k.description(), h.key());
      assertEquals(h.defaultText(), TrainKeys.defaultText(k), h.key());
    }
    TrainSpec s = spec(Map.of(), flags("data", "x", "adam-beta2", "0.95"));
    assertEquals(0.95, s.train().get(ADAM_BETA2));
    ConfigException e = assertThrows(ConfigException.class,
        () -> spec(Map.of(), flags("data", "x", "adam-beta2", "1.5")));
    assertEquals("flag --adam-beta2: '1.5' is invalid: must be in [0, 1)", e.getMessage());
  }

  @Test
  void flagsOverrideTheFileAndTheFileOverridesDefaults() throws IOException {
    Path f = conf("data = d\nlr = 0.01\nbatch-size = 64\nhidden = 50\n");
    TrainSpec s = spec(ConfigFile.read(f), flags("lr", "0.5", "layers", "64,20,10"));
    assertEquals(0.5, s.train().get(LEARNING_RATE));
    assertEquals(64, s.train().get(BATCH_SIZE));
    assertEquals(10, s.train().get(MAX_EPOCHS));
    assertArrayEquals(new int[] {64, 20, 10}, s.layers());
    assertArrayEquals(new int[] {20}, s.train().get(HIDDEN_LAYERS));
    assertEquals("cross_entropy", s.train().loss());
    assertEquals(Boolean.FALSE, s.toMap().get("standardize"));
  }

  @Test
  void layersAndHiddenAtTheSameLevelConflict() throws IOException {
    Path f = conf("data = d\nlayers = 64,10\nhidden = 50\n");
    ConfigException e = assertThrows(ConfigException.class, () -> spec(ConfigFile.read(f), Map.of()));
    assertTrue(e.getMessage().contains("give either layers or hidden, not both"), e.getMessage());
  }

  @Test
  void lossMustSuitTheTask() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> spec(Map.of(), flags("data", "d", "task", "regression", "loss", "cross_entropy")));
    assertEquals("flag --loss: expected mse for task regression, found 'cross_entropy'", e.getMessage());
  }

  @Test
  void missingDataIsNamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> spec(Map.of(), flags("epochs", "2")));
    assertTrue(e.getMessage().startsWith("no training data: expected --data PATH"), e.getMessage());
  }

  @Test
  void theStoredConfigReadsBackToTheSameSpec() throws IOException {
    Path f = conf("data = d\nlayers = 64,20,10\nlr = 0.02\nstandardize = true\nout = o-{time}\n");
    TrainSpec s = spec(ConfigFile.read(f), flags("overwrite", "true"));
    TrainSpec back = spec(ConfigFile.parse(s.toConfText(), "train.conf", tmp), Map.of());
    Map<String, Object> a = s.toMap();
    Map<String, Object> b = back.toMap();
    a.remove("overwrite");
    b.remove("overwrite");
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      Object x = a.get(k);
      Object y = b.get(k);
      assertTrue(x instanceof int[] xa ? java.util.Arrays.equals(xa, (int[]) y) : java.util.Objects.equals(x, y),
          k + ": " + x + " vs " + y);
    }
  }

  @Test
  void everyKeyHasAFlagAndTheReferenceIsUpToDate() throws IOException {
    String md = TrainKeys.markdown();
    for (TrainKeys.Key k : TrainKeys.all()) {
      assertTrue(md.contains("| `" + k.name() + "`"), k.name());
    }
    Path doc = Path.of("docs/config.md");
    assertEquals(md, Files.readString(doc), "docs/config.md is out of date; regenerate it with "
        + "io.sparkmlp.config.ConfigReference (see its javadoc)");
  }
}
