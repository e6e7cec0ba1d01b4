package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.MlParams;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.connect.common.LiteralValueProtoConverter$;
import org.apache.spark.sql.connect.ml.MLUtils$;
import org.apache.spark.sql.connect.ml.Serializer$;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every param of our four stages set the way Spark 4.0.1's Connect server sets them: a client
 * sends each value as a protobuf literal in {@code MlParams}, and
 * {@code MLUtils.setInstanceParams} converts it to the param's type ({@code Param.dataClass},
 * or a String or Boolean literal taken as it is when a param declares no class) and calls
 * {@code set}. The literals are those the Python client sends ({@code serialize_param}: a Python
 * int becomes an integer literal even for a long param, a float a double, a list an array).
 * Then the server's {@code Serializer.serializeParams}, which answers a {@code read} with every
 * defined param, on the same stage. Spark's own classes, called directly; no server runs.
 */
class ConnectParamsTest {

  /** Values that differ from the defaults (so a set that did nothing shows). */
  private static final Map<String, Object> CHANGED = Map.of(
      "hiddenLayers", new int[] {7, 5},
      "activation", "tanh",
      "optimizer", "sgd",
      "learningRate", 0.05,
      "maxEpochs", 3,
      "seed", 42L,
      "precision", "float64",
      "featuresCol", "x");

  /** Params without a default, and a valid value for each. */
  private static final Map<String, Object> UNSET = Map.of(
      "thresholds", new double[] {0.4, 0.6},
      "validationIndicatorCol", "isVal",
      "weightCol", "w");

  private static Params stage(String name) {
    return switch (name) {
      case "MlpClassifier" -> new MlpClassifier("c_connect");
      case "MlpRegressor" -> new MlpRegressor("r_connect");
      case "MlpClassificationModel" -> {
        Architecture a = Architecture.of(new int[] {2, 3, 2}, Activation.RELU, Activation.IDENTITY,
            Loss.CROSS_ENTROPY);
        yield new MlpClassificationModel("cm_connect", a, Init.initialize(a, 1L));
      }
      case "MlpRegressionModel" -> {
        Architecture a = Architecture.of(new int[] {2, 3, 1}, Activation.RELU, Activation.IDENTITY,
            Loss.MSE);
        yield new MlpRegressionModel("rm_connect", a, Init.initialize(a, 1L), false);
      }
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** The literal the Python client sends for {@code v} (pyspark's LiteralExpression._from_value). */
  private static Expression.Literal pythonLiteral(Object v) {
    Object sent = v instanceof Long l && l == l.intValue() ? Integer.valueOf(l.intValue()) : v;
    return LiteralValueProtoConverter$.MODULE$.toLiteralProto(sent);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MlpClassifier", "MlpRegressor", "MlpClassificationModel",
      "MlpRegressionModel"})
  void connectSetsEveryParamAndReadsItBack(String name) {
    Params source = stage(name);
    MlParams.Builder sent = MlParams.newBuilder();
    List<String> skipped = new ArrayList<>();
    for (Param<?> p : source.params()) {
      Object v = CHANGED.containsKey(p.name()) ? CHANGED.get(p.name())
          : source.hasDefault(p) ? source.getOrDefault(p) : UNSET.get(p.name());
      if (v == null) {
        skipped.add(p.name());
        continue;
      }
      sent.putParams(p.name(), pythonLiteral(v));
    }
    assertEquals(List.of(), skipped, name + ": params without a default and no test value");
    System.out.println(name + ": " + sent.getParamsCount() + " params sent: "
        + sent.getParamsMap().keySet());

    Params target = stage(name);
    MLUtils$.MODULE$.setInstanceParams(target, sent.build());
    for (Param<?> p : target.params()) {
      Object expected = CHANGED.containsKey(p.name()) ? CHANGED.get(p.name())
          : source.hasDefault(p) ? source.getOrDefault(p) : UNSET.get(p.name());
      assertTrue(target.isSet(p), name + "." + p.name() + " was not set");
      Object got = target.getOrDefault(p);
      assertTrue(Arrays.deepEquals(new Object[] {expected}, new Object[] {got}),
          name + "." + p.name() + ": expected " + show(expected) + " (" + expected.getClass()
              + "), found " + show(got) + " (" + got.getClass() + ")");
    }

    MlParams back = Serializer$.MODULE$.serializeParams(target);
    assertEquals(sent.build().getParamsMap().keySet(), back.getParamsMap().keySet(),
        name + ": the params the server sends back");
  }

  private static String show(Object v) {
    return Arrays.deepToString(new Object[] {v});
  }
}
