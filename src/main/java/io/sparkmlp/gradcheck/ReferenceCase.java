package io.sparkmlp.gradcheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One reference case: a network, a batch and every forward value and gradient that PyTorch
 * autograd computed for it in float64, loaded from a directory laid out as
 * {@code shared/reference-gradients/README.md} describes:
 * <pre>
 *   spec.json                 {"layers":[{"in":d,"out":h,"activation":NAME},…], "loss":…, "batch":B}
 *   x.npy (B, d0)             t.npy (B,) int for cross_entropy, (B, K) float64 for mse
 *   w{i}.npy (in, out)        b{i}.npy (out,)
 *   z{i}.npy, y{i}.npy, dz{i}.npy, dy{i}.npy (B, out)
 *   dw{i}.npy (in, out)       db{i}.npy (out,)       dx.npy (B, d0)       loss.npy ()
 * </pre>
 * Every file is required and checked: float tensors must be {@code <f8} and have exactly the
 * shape the spec implies; labels must be class ids in [0, K). Any problem is an
 * {@link IOException} whose message names the file (or spec.json field), what was expected and
 * what was found. Immutable once loaded (the arrays are not copied on access).
 */
public final class ReferenceCase {
  private final Path dir;
  private final Architecture arch;
  private final int batch;
  private final double[] x;
  private final int[] labels;
  private final double[] targets;
  private final double loss;
  private final double[] dx;
  private final List<double[]> w = new ArrayList<>();
  private final List<double[]> b = new ArrayList<>();
  private final List<double[]> z = new ArrayList<>();
  private final List<double[]> y = new ArrayList<>();
  private final List<double[]> dz = new ArrayList<>();
  private final List<double[]> dy = new ArrayList<>();
  private final List<double[]> dw = new ArrayList<>();
  private final List<double[]> db = new ArrayList<>();

  private ReferenceCase(Path dir, Architecture arch, int batch) throws IOException {
    this.dir = dir;
    this.arch = arch;
    this.batch = batch;
    int d0 = arch.inputSize();
    int k = arch.outputSize();
    this.x = floats("x.npy", "(batch, layers[0].in)", batch, d0);
    if (arch.loss().isClassification()) {
      this.labels = labels(k);
      this.targets = new double[0];
    } else {
      this.labels = new int[0];
      this.targets = floats("t.npy", "(batch, layers[-1].out) for mse", batch, k);
    }
    for (int l = 0; l < arch.numLayers(); l++) {
      int in = arch.size(l);
      int out = arch.size(l + 1);
      String li = "layers[" + l + "]";
      String io = "(" + li + ".in, " + li + ".out)";
      String bo = "(batch, " + li + ".out)";
      w.add(floats("w" + l + ".npy", io, in, out));
      b.add(floats("b" + l + ".npy", "(" + li + ".out,)", out));
      z.add(floats("z" + l + ".npy", bo, batch, out));
      y.add(floats("y" + l + ".npy", bo, batch, out));
      dz.add(floats("dz" + l + ".npy", bo, batch, out));
      dy.add(floats("dy" + l + ".npy", bo, batch, out));
      dw.add(floats("dw" + l + ".npy", io, in, out));
      db.add(floats("db" + l + ".npy", "(" + li + ".out,)", out));
    }
    this.dx = floats("dx.npy", "(batch, layers[0].in)", batch, d0);
    this.loss = floats("loss.npy", "(a scalar)")[0];
  }

  /** Loads and validates the case in {@code dir}. */
  public static ReferenceCase load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new ReferenceFormatException(dir + ": expected a reference case directory (spec.json,"
          + " x.npy, …), found " + (Files.exists(dir) ? "a file" : "nothing"));
    }
    Path spec = dir.resolve("spec.json");
    JsonNode root = readJson(spec);
    int batch = positiveInt(spec, root, "batch", "batch");
    Loss loss = parseLoss(spec, root);
    JsonNode layers = root.get("layers");
    if (layers == null || !layers.isArray() || layers.isEmpty()) {
      throw new ReferenceFormatException(spec + ": field 'layers': expected a non-empty array of"
          + " {\"in\", \"out\", \"activation\"}, found " + layers);
    }
    int[] sizes = new int[layers.size() + 1];
    Activation[] acts = new Activation[layers.size()];
    for (int l = 0; l < layers.size(); l++) {
      JsonNode layer = layers.get(l);
      String f = "layers[" + l + "]";
      int in = positiveInt(spec, layer, "in", f + ".in");
      int out = positiveInt(spec, layer, "out", f + ".out");
      if (l > 0 && in != sizes[l]) {
        throw new ReferenceFormatException(spec + ": field '" + f + ".in': layer sizes must chain,"
            + " expected " + sizes[l] + " (layers[" + (l - 1) + "].out), found " + in);
      }
      sizes[l] = in;
      sizes[l + 1] = out;
      acts[l] = parseActivation(spec, layer, f + ".activation");
    }
    try {
      return new ReferenceCase(dir, new Architecture(sizes, acts, loss), batch);
    } catch (IllegalArgumentException e) {
      throw new ReferenceFormatException(spec + ": " + e.getMessage());
    }
  }

  /** θ in the {@link Architecture} layout: for each layer W (in×out, row-major) then b. A new array. */
  public double[] theta() {
    double[] theta = new double[arch.numParams()];
    for (int l = 0; l < arch.numLayers(); l++) {
      System.arraycopy(w.get(l), 0, theta, arch.weightOffset(l), w.get(l).length);
      System.arraycopy(b.get(l), 0, theta, arch.biasOffset(l), b.get(l).length);
    }
    return theta;
  }

  public Path dir() { return dir; }
  public Architecture architecture() { return arch; }
  public int batch() { return batch; }
  /** X (batch × d0), row-major. */
  public double[] x() { return x; }
  /** Class ids (batch) for cross-entropy; empty for mse. */
  public int[] labels() { return labels; }
  /** Targets (batch × K) for mse; empty for cross-entropy. */
  public double[] targets() { return targets; }
  /** The reference mean loss L. */
  public double loss() { return loss; }
  /** Reference ∂L/∂X (batch × d0). */
  public double[] dx() { return dx; }
  public double[] w(int layer) { return w.get(layer); }
  public double[] b(int layer) { return b.get(layer); }
  public double[] z(int layer) { return z.get(layer); }
  public double[] y(int layer) { return y.get(layer); }
  public double[] dz(int layer) { return dz.get(layer); }
  public double[] dy(int layer) { return dy.get(layer); }
  public double[] dw(int layer) { return dw.get(layer); }
  public double[] db(int layer) { return db.get(layer); }

  /** The float64 tensor in {@code name}, checked to have {@code shape}. */
  private double[] floats(String name, String what, int... shape) throws IOException {
    NpyArray a = Npy.read(dir.resolve(name), what, shape);
    if (a.dtype() != Npy.DType.F8) {
      throw new ReferenceFormatException(a.source() + ": expected dtype <f8 (float64), found "
          + a.dtype().descr());
    }
    return a.doubles();
  }

  private int[] labels(int k) throws IOException {
    Path file = dir.resolve("t.npy");
    NpyArray a = Npy.read(file, "(batch,) of class ids for cross_entropy", batch);
    if (a.isFloat()) {
      throw new ReferenceFormatException(file + ": expected class ids as <i8 or <i4 for"
          + " cross_entropy, found " + a.dtype().descr());
    }
    long[] t = a.longs();
    int[] out = new int[t.length];
    for (int r = 0; r < t.length; r++) {
      if (t[r] < 0 || t[r] >= k) {
        throw new ReferenceFormatException(file + ": row " + r + ": expected a class id in [0, "
            + k + ") (layers[-1].out = " + k + "), found " + t[r]);
      }
      out[r] = (int) t[r];
    }
    return out;
  }

  private static JsonNode readJson(Path spec) throws IOException {
    try {
      JsonNode root = new ObjectMapper().readTree(spec.toFile());
      if (root == null || !root.isObject()) {
        throw new ReferenceFormatException(spec + ": expected a JSON object, found " + root);
      }
      return root;
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new ReferenceFormatException(spec + ": missing file: expected the case's spec.json");
    } catch (JsonProcessingException e) {
      throw new ReferenceFormatException(spec + ": not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static int positiveInt(Path spec, JsonNode node, String key, String field)
      throws ReferenceFormatException {
    JsonNode v = node == null ? null : node.get(key);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() <= 0) {
      throw new ReferenceFormatException(spec + ": field '" + field
          + "': expected a positive integer, found " + (v == null ? "nothing" : v.toString()));
    }
    return v.intValue();
  }

  private static Loss parseLoss(Path spec, JsonNode root) throws ReferenceFormatException {
    JsonNode v = root.get("loss");
    try {
      return Loss.fromName(v == null || !v.isTextual() ? null : v.textValue());
    } catch (IllegalArgumentException e) {
      throw new ReferenceFormatException(spec + ": field 'loss': " + e.getMessage()
          + (v == null ? " (the field is missing)" : ""));
    }
  }

  private static Activation parseActivation(Path spec, JsonNode layer, String field)
      throws ReferenceFormatException {
    JsonNode v = layer.get("activation");
    try {
      return Activation.fromName(v == null || !v.isTextual() ? null : v.textValue());
    } catch (IllegalArgumentException e) {
      throw new ReferenceFormatException(spec + ": field '" + field + "': " + e.getMessage()
          + (v == null ? " (the field is missing)" : ""));
    }
  }

  /** A reference case that is missing, malformed or inconsistent; the message says where. */
  public static final class ReferenceFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ReferenceFormatException(String message) {
      super(message);
    }
  }
}
