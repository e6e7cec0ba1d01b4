package io.sparkmlp.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.optim.OptimizerState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of a {@link TrainingState} in a directory on any Hadoop FileSystem (a local path
 * in tests). One file per checkpoint, {@code checkpoint-<step>.ckpt}:
 * <pre>
 *   "SPARKMLP-CKPT" · int formatVersion · int n · n bytes of UTF-8 JSON (architecture, effective
 *   config, position, history, early stopping) · int arrays · per array: UTF name, int length,
 *   doubles · 32-byte SHA-256 of everything before it
 * </pre>
 * The per-step gradient norms are the bounded {@link StepSeries}: {@code layerNorms} (rows ×
 * layers), {@code layerNormSteps} (their 1-based steps) and {@code layerNormStride} in the JSON.
 * A checkpoint written before they were bounded has {@code layerNorms} only, one row per step
 * from step 1, and is read by replaying them through the bound.
 * Writes are atomic: the bytes go to a temporary name, then a rename publishes them. The newest
 * {@code keep} checkpoints are kept. Loading verifies the checksum and skips (with a warning) a
 * corrupt newest checkpoint for the next older one.
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final byte[] MAGIC = "SPARKMLP-CKPT".getBytes(StandardCharsets.US_ASCII);
  /** The format this code writes and reads. */
  public static final int FORMAT_VERSION = 1;
  private static final String PREFIX = "checkpoint-";
  private static final String SUFFIX = ".ckpt";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Stream buffer for writing and reading checkpoints. */
  private static final int BUFFER = 1 << 20;

  private final Path dir;
  private final FileSystem fs;
  private final int keep;

  /** What a checkpoint held. */
  public record Loaded(Path path, Architecture architecture, Map<String, Object> config,
      TrainingState state) {}

  public CheckpointStore(String dir, Configuration hadoopConf, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("checkpointKeep must be >= 1, got " + keep);
    }
    this.dir = new Path(dir);
    this.keep = keep;
    try {
      this.fs = this.dir.getFileSystem(hadoopConf);
      fs.setWriteChecksum(false);
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpoint directory " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path directory() { return dir; }

  /** Writes the state as the newest checkpoint, atomically, then drops all but the newest {@code keep}. */
  public Path save(TrainingState s, Architecture arch, TrainConfig cfg) {
    Path target = new Path(dir, String.format("%s%012d%s", PREFIX, s.globalStep, SUFFIX));
    Path tmp = new Path(dir, "." + target.getName() + ".tmp");
    try {
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(tmp, true)) {
        encode(s, arch, cfg, out);
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename " + tmp + " -> " + target + " failed");
      }
      prune();
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("could not write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  /** The newest checkpoint whose checksum holds, or empty when there is none. */
  public Optional<Loaded> loadNewest() {
    List<Path> all = list();
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        return Optional.of(read(all.get(i)));
      } catch (IllegalArgumentException e) {
        LOG.warn("skipping checkpoint {}: {}", all.get(i), e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Checkpoint files, oldest first. */
  public List<Path> list() {
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<Path> out = new ArrayList<>();
      for (FileStatus st : fs.listStatus(dir)) {
        String n = st.getPath().getName();
        if (n.startsWith(PREFIX) && n.endsWith(SUFFIX)) {
          out.add(st.getPath());
        }
      }
      out.sort((a, b) -> a.getName().compareTo(b.getName()));
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("could not list checkpoints in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void prune() throws IOException {
    List<Path> all = list();
    for (int i = 0; i < all.size() - keep; i++) {
      fs.delete(all.get(i), false);
    }
  }

  /**
   * Reads and verifies one checkpoint file; a bad one throws naming the file and the problem.
   * Both passes stream: the checksum over the file first (so a corrupt file is never decoded),
   * then the decoding; neither holds the file's bytes in memory.
   */
  public Loaded read(Path path) {
    try {
      verify(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpoint " + path + " cannot be read: " + e.getMessage(), e);
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(path), BUFFER))) {
      return decode(path, in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("checkpoint " + path + " cannot be decoded: " + e.getMessage(), e);
    }
  }

  /** The header, and the SHA-256 of everything before the last 32 bytes against those bytes. */
  private void verify(Path path) throws IOException {
    long len = fs.getFileStatus(path).getLen();
    if (len < MAGIC.length + 32) {
      throw new IllegalArgumentException("checkpoint " + path + " is not a sparkmlp checkpoint (bad header)");
    }
    MessageDigest sha = sha256();
    try (InputStream in = new BufferedInputStream(fs.open(path), BUFFER)) {
      byte[] head = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(head, MAGIC)) {
        throw new IllegalArgumentException("checkpoint " + path + " is not a sparkmlp checkpoint (bad header)");
      }
      sha.update(head);
      byte[] chunk = new byte[BUFFER];
      for (long left = len - 32 - MAGIC.length; left > 0; ) {
        int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
        if (n < 0) {
          throw new IOException("ends early");
        }
        sha.update(chunk, 0, n);
        left -= n;
      }
      if (!Arrays.equals(sha.digest(), in.readNBytes(32))) {
        throw new IllegalArgumentException("checkpoint " + path + " is corrupt: its SHA-256 checksum does not match");
      }
    }
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Writes the checkpoint to {@code sink}: the body (header, metadata, arrays) through a digest,
   * then its SHA-256. Streams, so that a large θ and its optimizer state are never copied into
   * one byte array (a 33.5M-parameter Adam run needs 800 MB of them).
   */
  private static void encode(TrainingState s, Architecture arch, TrainConfig cfg, OutputStream sink)
      throws IOException {
    ObjectNode meta = JSON.createObjectNode();
    meta.set("architecture", architectureJson(arch));
    meta.set("config", JSON.valueToTree(cfg.toMap()));
    meta.put("globalStep", s.globalStep).put("epoch", s.epoch).put("stepInEpoch", s.stepInEpoch)
        .put("epochLossSum", s.epochLossSum).put("epochWeightSum", s.epochWeightSum)
        .put("epochSkippedSteps", s.epochSkippedSteps).put("epochCorrect", s.epochCorrect)
        .put("epochRows", s.epochRows).put("epochStepMillis", s.epochStepMillis)
        .put("lastFiniteLoss", s.lastFiniteLoss).put("best", s.best).put("bestEpoch", s.bestEpoch)
        .put("sinceBest", s.sinceBest).put("optimizer", s.optimizer.optimizer())
        .put("optimizerSteps", s.optimizer.stepCount()).put("layers", arch.numLayers())
        .put("layerNormStride", s.layerNorms.stride()).put("aggregationDepth", s.aggregationDepth);
    meta.set("history", JSON.valueToTree(s.history));
    Map<String, double[]> arrays = new LinkedHashMap<>();
    arrays.put("theta", s.theta);
    for (String name : s.optimizer.names()) {
      arrays.put("optimizer." + name, s.optimizer.array(name));
    }
    if (s.bestTheta != null) {
      arrays.put("bestTheta", s.bestTheta);
    }
    arrays.put("layerNorms", flatten(s.layerNorms.rows(), arch.numLayers()));
    arrays.put("layerNormSteps", Arrays.stream(s.layerNorms.steps()).asDoubleStream().toArray());
    MessageDigest sha = sha256();
    BufferedOutputStream buffered = new BufferedOutputStream(sink, BUFFER);
    DataOutputStream out = new DataOutputStream(new DigestOutputStream(buffered, sha));
    out.write(MAGIC);
    out.writeInt(FORMAT_VERSION);
    byte[] json = JSON.writeValueAsBytes(meta);
    out.writeInt(json.length);
    out.write(json);
    out.writeInt(arrays.size());
    java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(BUFFER); // big-endian, as writeDouble
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue().length);
      for (double v : e.getValue()) {
        if (!block.hasRemaining()) {
          out.write(block.array(), 0, block.position());
          block.clear();
        }
        block.putDouble(v);
      }
      out.write(block.array(), 0, block.position());
      block.clear();
    }
    out.flush();
    buffered.write(sha.digest());
    buffered.flush();
  }

  @SuppressWarnings("unchecked")
  private static Loaded decode(Path path, DataInputStream in) throws IOException {
    in.skipNBytes(MAGIC.length);
    int version = in.readInt();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("format version " + version + ", this sparkmlp reads " + FORMAT_VERSION);
    }
    byte[] json = new byte[in.readInt()];
    in.readFully(json);
    JsonNode meta = JSON.readTree(json);
    Map<String, double[]> arrays = new LinkedHashMap<>();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      double[] a = new double[in.readInt()];
      for (int j = 0; j < a.length; j++) {
        a[j] = in.readDouble();
      }
      arrays.put(name, a);
    }
    Architecture arch = architecture(meta.get("architecture"));
    TrainingState s = new TrainingState(arrays.get("theta"));
    Map<String, double[]> opt = new LinkedHashMap<>();
    arrays.forEach((k, v) -> {
      if (k.startsWith("optimizer.")) {
        opt.put(k.substring("optimizer.".length()), v);
      }
    });
    s.optimizer = new OptimizerState(meta.get("optimizer").asText(), meta.get("optimizerSteps").asLong(), opt);
    s.globalStep = meta.get("globalStep").asLong();
    s.epoch = meta.get("epoch").asInt();
    s.stepInEpoch = meta.get("stepInEpoch").asInt();
    s.epochLossSum = meta.get("epochLossSum").asDouble();
    s.epochCorrect = meta.get("epochCorrect").asLong();
    s.epochRows = meta.get("epochRows").asLong();
    // absent from checkpoints written before sample weights: then every row weighed 1
    s.epochWeightSum = meta.has("epochWeightSum") ? meta.get("epochWeightSum").asDouble() : s.epochRows;
    s.epochSkippedSteps = meta.path("epochSkippedSteps").asInt(0);
    // absent before the auto depth: 0, and the run's setting decides
    s.aggregationDepth = meta.path("aggregationDepth").asInt(0);
    s.epochStepMillis = meta.get("epochStepMillis").asDouble();
    s.lastFiniteLoss = number(meta.get("lastFiniteLoss"));
    s.best = number(meta.get("best"));
    s.bestEpoch = meta.get("bestEpoch").asInt();
    s.sinceBest = meta.get("sinceBest").asInt();
    s.bestTheta = arrays.get("bestTheta");
    for (JsonNode e : (ArrayNode) meta.get("history")) {
      s.history.add(JSON.treeToValue(e, EpochRecord.class));
    }
    readLayerNorms(s, arrays, meta, arch.numLayers());
    Map<String, Object> config = JSON.convertValue(meta.get("config"), Map.class);
    return new Loaded(path, arch, config, s);
  }

  /**
   * The per-step norms: with their steps and stride, as written since they are bounded; or, from
   * a checkpoint written before (one row per step, steps 1..n), replayed through the bound.
   */
  private static void readLayerNorms(TrainingState s, Map<String, double[]> arrays, JsonNode meta, int width) {
    double[] norms = arrays.get("layerNorms");
    List<double[]> rows = new ArrayList<>(norms.length / width);
    for (int i = 0; i < norms.length; i += width) {
      rows.add(Arrays.copyOfRange(norms, i, i + width));
    }
    double[] steps = arrays.get("layerNormSteps");
    if (steps == null) {
      for (int i = 0; i < rows.size(); i++) {
        s.layerNorms.add(i + 1, rows.get(i));
      }
      return;
    }
    s.layerNorms.restore(Arrays.stream(steps).mapToLong(v -> (long) v).toArray(), rows,
        meta.get("layerNormStride").asLong());
  }

  /** Jackson writes NaN and ±Infinity as strings; read either form back. */
  private static double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
  }

  static ObjectNode architectureJson(Architecture arch) {
    ObjectNode a = JSON.createObjectNode();
    ArrayNode sizes = a.putArray("sizes");
    ArrayNode acts = a.putArray("activations");
    for (int i = 0; i <= arch.numLayers(); i++) {
      sizes.add(arch.size(i));
    }
    for (int l = 0; l < arch.numLayers(); l++) {
      acts.add(arch.activation(l).id());
    }
    a.put("loss", arch.loss().id());
    return a;
  }

  static Architecture architecture(JsonNode a) {
    int[] sizes = new int[a.get("sizes").size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = a.get("sizes").get(i).asInt();
    }
    Activation[] acts = new Activation[a.get("activations").size()];
    for (int i = 0; i < acts.length; i++) {
      acts[i] = Activation.fromName(a.get("activations").get(i).asText());
    }
    return new Architecture(sizes, acts, Loss.fromName(a.get("loss").asText()));
  }

  private static double[] flatten(List<double[]> rows, int width) {
    double[] out = new double[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, out, i * width, width);
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
