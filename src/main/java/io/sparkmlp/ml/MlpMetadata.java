package io.sparkmlp.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.Option;

/**
 * The JSON of a saved stage's {@code metadata/}: Spark ML's keys ({@code class},
 * {@code timestamp}, {@code sparkVersion}, {@code uid}, {@code paramMap},
 * {@code defaultParamMap}, so Spark's Pipeline reader can find the class) plus sparkmlp's:
 * <pre>{@code
 * "formatVersion": 1,
 * "architecture": {"sizes": [64, 100, 10], "activations": ["relu", "identity"],
 *                  "loss": "cross_entropy", "precision": "float32", "numParams": 7510},
 * "vectorPrediction": false          (regression models only)
 * }</pre>
 * Params are written with each Param's own {@code jsonEncode}, as Spark does.
 */
final class MlpMetadata {
  /** The layout this build writes and the only one it reads. */
  static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MlpMetadata() {}

  /** The metadata JSON of {@code stage}; {@code arch} null for an estimator. */
  static String toJson(Params stage, String sparkVersion, Architecture arch, String precision,
      Map<String, Boolean> flags) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("class", stage.getClass().getName());
    root.put("timestamp", System.currentTimeMillis());
    root.put("sparkVersion", sparkVersion);
    root.put("uid", stage.uid());
    root.set("paramMap", params(stage, false));
    root.set("defaultParamMap", params(stage, true));
    root.put("formatVersion", FORMAT_VERSION);
    if (arch != null) {
      ObjectNode a = root.putObject("architecture");
      ArrayNode sizes = a.putArray("sizes");
      for (int s : arch.sizes()) {
        sizes.add(s);
      }
      ArrayNode acts = a.putArray("activations");
      for (int l = 0; l < arch.numLayers(); l++) {
        acts.add(arch.activation(l).id());
      }
      a.put("loss", arch.loss().id());
      a.put("precision", precision);
      a.put("numParams", arch.numParams());
    }
    flags.forEach(root::put);
    return root.toString();
  }

  private static ObjectNode params(Params stage, boolean defaults) {
    ObjectNode node = MAPPER.createObjectNode();
    for (Param<?> p : stage.params()) {
      Option<?> value = defaults ? stage.getDefault(p) : stage.get(p);
      if (value.isDefined()) {
        try {
          node.set(p.name(), MAPPER.readTree(encode(p, value.get())));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("param " + p.name() + " of " + stage.uid()
              + " encoded to JSON that does not parse", e);
        }
      }
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static <T> String encode(Param<T> p, Object value) {
    return p.jsonEncode((T) value);
  }

  /**
   * Parses {@code text} (the line in {@code path/metadata}) and checks it is sparkmlp metadata of
   * the expected class and format version.
   *
   * @throws IllegalArgumentException naming the path and what was found otherwise
   */
  static JsonNode parse(String text, String path, Class<?> expected) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw corrupt(path, "is not JSON (" + e.getOriginalMessage() + ")", text);
    }
    if (root == null || !root.isObject()) {
      throw corrupt(path, "is not a JSON object", text);
    }
    JsonNode cls = root.get("class");
    if (cls == null || !cls.isTextual()) {
      throw corrupt(path, "has no \"class\"", text);
    }
    if (!cls.asText().equals(expected.getName())) {
      throw new IllegalArgumentException("cannot load " + path + " as " + expected.getName()
          + ": it holds a " + cls.asText() + " (the \"class\" in its metadata)");
    }
    JsonNode version = root.get("formatVersion");
    if (version == null || !version.isInt()) {
      throw corrupt(path, "has no integer sparkmlp \"formatVersion\"", text);
    }
    if (version.asInt() != FORMAT_VERSION) {
      throw new IllegalArgumentException("cannot load " + path + ": its sparkmlp formatVersion is "
          + version.asInt() + ", but this build reads formatVersion " + FORMAT_VERSION
          + " only (saved with Spark " + root.path("sparkVersion").asText("of unknown version") + ")");
    }
    if (root.get("uid") == null || !root.get("uid").isTextual()) {
      throw corrupt(path, "has no \"uid\"", text);
    }
    return root;
  }

  /** The saved architecture, or null when the metadata has none (an estimator). */
  static Architecture architecture(JsonNode root, String path) {
    JsonNode a = root.get("architecture");
    if (a == null) {
      return null;
    }
    try {
      int[] sizes = ints(a.get("sizes"));
      List<Activation> acts = new ArrayList<>();
      for (JsonNode n : array(a.get("activations"))) {
        acts.add(Activation.fromName(n.asText()));
      }
      Loss loss = Loss.fromName(a.path("loss").asText());
      return new Architecture(sizes, acts.toArray(new Activation[0]), loss);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot load " + path + ": the \"architecture\" in its"
          + " metadata is invalid: " + e.getMessage() + "; found " + a, e);
    }
  }

  /** Sets the saved defaults, then the saved explicit values, on {@code stage}. */
  static void applyParams(Params stage, JsonNode root, String path) {
    apply(stage, root.get("defaultParamMap"), true, path);
    apply(stage, root.get("paramMap"), false, path);
  }

  private static void apply(Params stage, JsonNode params, boolean defaults, String path) {
    if (params == null) {
      return;
    }
    String where = defaults ? "defaultParamMap" : "paramMap";
    Iterator<Map.Entry<String, JsonNode>> it = params.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!stage.hasParam(e.getKey())) {
        throw new IllegalArgumentException("cannot load " + path + ": its metadata " + where
            + " has param '" + e.getKey() + "', which " + stage.getClass().getSimpleName()
            + " does not have");
      }
      Param<Object> p = stage.getParam(e.getKey());
      try {
        Object value = p.jsonDecode(e.getValue().toString());
        if (defaults) {
          stage.setDefault(p, value);
        } else {
          stage.set(p, value);
        }
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException("cannot load " + path + ": its metadata " + where
            + " has " + e.getKey() + " = " + e.getValue() + ", which is not valid: "
            + ex.getMessage(), ex);
      }
    }
  }

  /** A boolean the stage wrote beside the params (false when absent). */
  static boolean flag(JsonNode root, String key) {
    JsonNode n = root.get(key);
    return n != null && n.asBoolean();
  }

  private static int[] ints(JsonNode n) {
    List<JsonNode> items = array(n);
    int[] out = new int[items.size()];
    for (int i = 0; i < out.length; i++) {
      if (!items.get(i).isInt()) {
        throw new IllegalArgumentException("sizes must be integers, found " + items.get(i));
      }
      out[i] = items.get(i).asInt();
    }
    return out;
  }

  private static List<JsonNode> array(JsonNode n) {
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException("expected a JSON array, found " + n);
    }
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  private static IllegalArgumentException corrupt(String path, String problem, String text) {
    String shown = text.length() > 120 ? text.substring(0, 120) + "…" : text;
    return new IllegalArgumentException("cannot load " + path + ": its metadata (" + path
        + "/metadata) " + problem + "; found: " + shown);
  }
}
