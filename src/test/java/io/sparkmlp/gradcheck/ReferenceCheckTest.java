package io.sparkmlp.gradcheck;

import static io.sparkmlp.gradcheck.NpyTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine against PyTorch autograd (float64) on every reference case, and the loader's errors. */
class ReferenceCheckTest {
  /** The seed's case, copied from shared/reference-gradients (produced by PyTorch, float64). */
  static final Path CASES = Path.of("src/test/resources/reference-gradients");
  static final Path SEED_CASE = CASES.resolve("seed-tanh-ce");

  @TempDir Path tmp;

  @Test
  void seedCasePassesEveryRow() throws IOException {
    ComparisonTable t = ReferenceCheck.run(ReferenceCase.load(SEED_CASE));
    System.out.print(t.format());
    System.out.printf(Locale.ROOT, "largest maxdiff on seed-tanh-ce: %.2e (%s)%n", t.largestDiff(),
        t.worst().name());
    assertTrue(t.passed(), "failing: " + t.failing() + "\n" + t.format());
    assertEquals(List.of("loss", "y0", "z0", "dy0", "dz0", "dw0", "db0", "dx"),
        t.rows().stream().map(Comparison::name).toList());
    // float64 against float64: rounding only, far below allclose's tolerances
    assertTrue(t.largestDiff() < 1e-12, "largest maxdiff " + t.largestDiff());
  }

  /**
   * Every case under reference-gradients: the seed's, and those scripts/reference-gradients.py
   * wrote with PyTorch autograd (float64): deeper nets, every activation, mse, a batch of 1.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"seed-tanh-ce", "deep-relu-ce", "mixed-gelu-leaky-sigmoid-ce", "tanh-mse",
      "sigmoid-mse-batch1"})
  void everyPyTorchCasePassesEveryRow(String name) throws IOException {
    ReferenceCase c = ReferenceCase.load(CASES.resolve(name));
    ComparisonTable t = ReferenceCheck.run(c);
    assertTrue(t.passed(), name + " failing: " + t.failing() + "\n" + t.format());
    // loss, then y, z, dy, dz, dW, db of every layer, then dX
    assertEquals(2 + 6 * c.architecture().numLayers(), t.rows().size());
    assertTrue(t.largestDiff() < 1e-12, name + ": largest maxdiff " + t.largestDiff());
  }

  @Test
  void theParameterizedListNamesEveryCaseDirectory() throws IOException {
    try (Stream<Path> dirs = Files.list(CASES)) {
      assertEquals(List.of("deep-relu-ce", "mixed-gelu-leaky-sigmoid-ce", "seed-tanh-ce",
          "sigmoid-mse-batch1", "tanh-mse"), dirs.filter(Files::isDirectory)
          .map(d -> d.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void oneCorruptedWeightGradientFailsNamingIt() throws IOException {
    Path c = copyOfSeedCase();
    NpyArray dw0 = Npy.read(c.resolve("dw0.npy"));
    double[] v = dw0.doubles().clone();
    v[5 * 27 + 3] += 1e-3;
    Npy.write(c.resolve("dw0.npy"), NpyArray.ofDoubles(v, dw0.shape()));
    ComparisonTable t = ReferenceCheck.run(ReferenceCase.load(c));
    assertFalse(t.passed());
    assertEquals(List.of("dw0"), t.failing());
    assertEquals(1e-3, t.row("dw0").maxdiff(), 1e-12);
  }

  @Test
  void missingFileIsNamed() throws IOException {
    Path c = copyOfSeedCase();
    Files.delete(c.resolve("dz0.npy"));
    assertMessage(assertThrows(IOException.class, () -> ReferenceCase.load(c)), "dz0.npy",
        "missing file");
  }

  @Test
  void missingOrMalformedSpecIsNamed() throws IOException {
    Path c = copyOfSeedCase();
    Files.writeString(c.resolve("spec.json"), "{\"layers\": [");
    assertMessage(assertThrows(IOException.class, () -> ReferenceCase.load(c)), "spec.json",
        "not valid JSON");
    Files.delete(c.resolve("spec.json"));
    assertMessage(assertThrows(IOException.class, () -> ReferenceCase.load(c)), "spec.json",
        "missing file");
  }

  @Test
  void misShapedFileSaysExpectedAndFound() throws IOException {
    Path c = copyOfSeedCase();
    Npy.write(c.resolve("w0.npy"), NpyArray.ofDoubles(new double[27 * 128], 27, 128));
    assertMessage(assertThrows(IOException.class, () -> ReferenceCase.load(c)), "w0.npy",
        "expected (128, 27) (layers[0].in, layers[0].out)", "found (27, 128)");
  }

  @Test
  void unknownActivationNamesTheField() throws IOException {
    Path c = copyOfSeedCase();
    editSpec(c, "\"tanh\"", "\"swish\"");
    assertMessage(assertThrows(IOException.class, () -> ReferenceCase.load(c)), "spec.json",
        "layers[0].activation", "unknown activation 'swish'", "gelu");
  }

  @Test
  void unknownLossNamesTheField() throws IOException {
    Path c = copyOfSeedCase();
    editSpec(c, "\"cross_entropy\"", "\"hinge\"");
    assertMessage(assertThrows(IOException.class, () -> ReferenceCase.load(c)), "spec.json",
        "field 'loss'", "unknown loss 'hinge'");
  }

  @Test
  void layerSizesThatDoNotChainNameTheField() throws IOException {
    Path c = copyOfSeedCase();
    Files.writeString(c.resolve("spec.json"), "{\"layers\": [{\"in\": 128, \"out\": 27,"
        + " \"activation\": \"tanh\"}, {\"in\": 30, \"out\": 10, \"activation\": \"identity\"}],"
        + " \"loss\": \"cross_entropy\", \"batch\": 32}");
    assertMessage(assertThrows(IOException.class, () -> ReferenceCase.load(c)), "spec.json",
        "layers[1].in", "expected 27 (layers[0].out), found 30");
  }

  @Test
  void batchMismatchNamesTheFile() throws IOException {
    Path c = copyOfSeedCase();
    editSpec(c, "\"batch\": 32", "\"batch\": 31");
    assertMessage(assertThrows(IOException.class, () -> ReferenceCase.load(c)), "x.npy",
        "expected (31, 128) (batch, layers[0].in)", "found (32, 128)");
  }

  @Test
  void labelOutOfRangeNamesTheRow() throws IOException {
    Path c = copyOfSeedCase();
    long[] t = Npy.read(c.resolve("t.npy")).longs().clone();
    t[4] = 27;
    Npy.write(c.resolve("t.npy"), NpyArray.ofLongs(t, 32));
    assertMessage(assertThrows(IOException.class, () -> ReferenceCase.load(c)), "t.npy", "row 4",
        "[0, 27)", "found 27");
  }

  /** A two-layer mse case written from the engine itself: exercises the layout, not the math. */
  @Test
  void deeperMseCaseRoundTripsThroughTheLayout() throws IOException {
    Architecture arch = new Architecture(new int[] {5, 4, 3},
        new Activation[] {Activation.GELU, Activation.IDENTITY}, Loss.MSE);
    Path c = tmp.resolve("mse2");
    writeCaseFromEngine(arch, 6, c);
    ComparisonTable t = ReferenceCheck.run(ReferenceCase.load(c));
    assertTrue(t.passed(), t.format());
    assertEquals(0.0, t.largestDiff());
    assertEquals(14, t.rows().size());
  }

  private Path copyOfSeedCase() throws IOException {
    Path dst = tmp.resolve("case");
    Files.createDirectories(dst);
    try (Stream<Path> files = Files.list(SEED_CASE)) {
      for (Path f : files.toList()) {
        Files.copy(f, dst.resolve(f.getFileName()));
      }
    }
    return dst;
  }

  private static void editSpec(Path c, String from, String to) throws IOException {
    Path spec = c.resolve("spec.json");
    String s = Files.readString(spec).replaceAll("\\s+", " ");
    String edited = s.replace(from, to);
    assertFalse(edited.equals(s), "the edit " + from + " -> " + to + " must change " + s);
    Files.writeString(spec, edited);
  }

  /** Writes every file of the layout for a random point, with the engine's own values. */
  static void writeCaseFromEngine(Architecture arch, int batch, Path dir) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom rng = new SplittableRandom(3);
    Network<double[]> net = new Network<>(arch, Kernels.F64);
    Workspace<double[]> ws = net.newWorkspace(batch, true);
    double[] theta = new double[arch.numParams()];
    for (int i = 0; i < theta.length; i++) { theta[i] = rng.nextGaussian() * 0.5; }
    for (int i = 0; i < ws.x.length; i++) { ws.x[i] = rng.nextGaussian(); }
    for (int i = 0; i < ws.targets.length; i++) { ws.targets[i] = rng.nextGaussian(); }
    double[] grad = new double[theta.length];
    double loss = net.lossSumAndGradient(theta, ws, batch, 1.0 / batch, grad) / batch;
    StringBuilder layers = new StringBuilder();
    for (int l = 0; l < arch.numLayers(); l++) {
      int in = arch.size(l);
      int out = arch.size(l + 1);
      layers.append(l == 0 ? "" : ", ").append(String.format(Locale.ROOT,
          "{\"in\": %d, \"out\": %d, \"activation\": \"%s\"}", in, out, arch.activation(l).id()));
      write(dir, "w" + l, slice(theta, arch.weightOffset(l), in * out), in, out);
      write(dir, "b" + l, slice(theta, arch.biasOffset(l), out), out);
      write(dir, "dw" + l, slice(grad, arch.weightOffset(l), in * out), in, out);
      write(dir, "db" + l, slice(grad, arch.biasOffset(l), out), out);
      write(dir, "z" + l, ws.z(l), batch, out);
      write(dir, "y" + l, ws.y(l), batch, out);
      write(dir, "dz" + l, ws.dz(l), batch, out);
      write(dir, "dy" + l, ws.dy(l), batch, out);
    }
    write(dir, "x", ws.x, batch, arch.inputSize());
    write(dir, "t", ws.targets, batch, arch.outputSize());
    write(dir, "dx", ws.dx(), batch, arch.inputSize());
    write(dir, "loss", new double[] {loss});
    Files.writeString(dir.resolve("spec.json"), "{\"layers\": [" + layers + "], \"loss\": \""
        + arch.loss().id() + "\", \"batch\": " + batch + "}");
  }

  private static void write(Path dir, String name, double[] v, int... shape) throws IOException {
    Npy.write(dir.resolve(name + ".npy"), NpyArray.ofDoubles(v.clone(), shape));
  }

  private static double[] slice(double[] a, int off, int n) {
    return java.util.Arrays.copyOfRange(a, off, off + n);
  }
}
