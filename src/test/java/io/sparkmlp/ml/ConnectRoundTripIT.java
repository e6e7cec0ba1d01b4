package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.ExecutePlanRequest;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.MlCommand;
import org.apache.spark.connect.proto.MlCommandResult;
import org.apache.spark.connect.proto.MlOperator;
import org.apache.spark.connect.proto.MlParams;
import org.apache.spark.connect.proto.MlRelation;
import org.apache.spark.connect.proto.ObjectRef;
import org.apache.spark.connect.proto.Plan;
import org.apache.spark.connect.proto.Read;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.SparkConnectServiceGrpc;
import org.apache.spark.connect.proto.UserContext;
import org.apache.spark.connect.proto.WriteOperation;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.common.LiteralValueProtoConverter$;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkproject.connect.grpc.ManagedChannel;
import org.sparkproject.connect.grpc.ManagedChannelBuilder;
import org.sparkproject.connect.grpc.StatusRuntimeException;
import scala.Option;

/**
 * MlpClassifier through a real Spark Connect server (Spark 4.0.1's, started in this JVM on
 * 127.0.0.1, a free port) from a gRPC client that sends what the Python client sends
 * ({@code pyspark.ml.util.try_remote_fit}, {@code RemoteModelRef}, {@code RemoteMLWriter},
 * {@code RemoteMLReader}): {@code MlCommand.Fit} with the estimator's class name, uid and params
 * on a Parquet relation; a transform of the returned model reference ({@code MlRelation.Transform}),
 * written to Parquet by a Connect write command so the test can read it; {@code MlCommand.Write} of
 * the model; {@code MlCommand.Read} of it as a model; a transform of the loaded reference; and a
 * {@code Fetch} of {@code numClasses} (and of {@code summary}, which the server refuses). The Connect predictions must equal, bit for bit, those of
 * the same fit run directly ({@code new MlpClassifier(uid)...fit}) on the same file: the server
 * runs the same code on the same SparkContext, same data order and same seed.
 */
class ConnectRoundTripIT {
  private static final String UID = "mlpc_connect";

  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static ManagedChannel channel;
  private static SparkConnectServiceGrpc.SparkConnectServiceBlockingStub stub;
  private static final String SESSION = UUID.randomUUID().toString();

  @BeforeAll
  static void startServer() {
    SparkTestSession.stop(); // the shared session would not have the Connect settings
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("sparkmlp-connect-it")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.connect.grpc.binding.address", "127.0.0.1")
        .config("spark.connect.grpc.binding.port", "0") // a free port, chosen when it binds
        .getOrCreate();
    SparkConnectService$.MODULE$.start(spark.sparkContext());
    int port = SparkConnectService$.MODULE$.localPort();
    System.out.println("Spark Connect server on 127.0.0.1:" + port);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    stub = SparkConnectServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    SparkConnectService$.MODULE$.stop(Option.apply(10_000L), Option.apply(TimeUnit.MILLISECONDS));
    if (spark != null) {
      spark.stop();
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  @Test
  void fitTransformSaveLoadThroughConnectEqualTheDirectFit() throws Exception {
    // 300 rows of three blobs in one Parquet file: both fits read it in the same order
    String train = dir.resolve("train.parquet").toString();
    MlpTestData.blobs(spark, 300, 3L).withColumn("id", org.apache.spark.sql.functions.monotonically_increasing_id())
        .coalesce(1).write().parquet(train);

    MlParams params = MlParams.newBuilder()
        .putParams("hiddenLayers", literal(new int[] {6}))
        .putParams("maxEpochs", literal(4))
        .putParams("batchSize", literal(32))
        .putParams("learningRate", literal(0.02))
        .putParams("seed", literal(7)) // a long param; Python sends an int literal for 7
        .build();

    long t0 = System.nanoTime();
    MlCommandResult fit = ml(MlCommand.newBuilder().setFit(MlCommand.Fit.newBuilder()
        .setEstimator(MlOperator.newBuilder().setName(MlpClassifier.class.getName()).setUid(UID)
            .setType(MlOperator.OperatorType.OPERATOR_TYPE_ESTIMATOR))
        .setParams(params)
        .setDataset(parquet(train))).build());
    String modelRef = fit.getOperatorInfo().getObjRef().getId();
    System.out.printf("Connect fit: model %s in %.1f s%n", modelRef, (System.nanoTime() - t0) / 1e9);

    MlpClassificationModel direct = new MlpClassifier(UID).setHiddenLayers(6).setMaxEpochs(4)
        .setBatchSize(32).setLearningRate(0.02).setSeed(7L).fit(spark.read().parquet(train));

    String viaConnect = dir.resolve("connect.parquet").toString();
    writeTransform(modelRef, train, viaConnect);
    assertSamePredictions(direct.transform(spark.read().parquet(train)), spark.read().parquet(viaConnect),
        "the Connect fit's transform against the direct fit's");

    MlCommandResult numClasses = fetch(modelRef, "numClasses");
    assertEquals(3, numClasses.getParam().getInteger(), "numClasses fetched: " + numClasses);

    // Not served: the server fetches only the attributes of its allow-list (MLUtils), and the
    // summary there is HasTrainingSummary's, a trait our models do not implement
    AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> fetch(modelRef, "summary"));
    System.out.println("Connect fetch of summary: " + refused.getMessage());
    assertTrue(refused.getMessage().contains("CONNECT_ML.ATTRIBUTE_NOT_ALLOWED")
        && refused.getMessage().contains("summary"), refused.getMessage());

    String saved = dir.resolve("model").toString();
    ml(MlCommand.newBuilder().setWrite(MlCommand.Write.newBuilder()
        .setObjRef(ObjectRef.newBuilder().setId(modelRef)).setPath(saved).setShouldOverwrite(true))
        .build());
    assertArrayEquals(direct.weights(), MlpClassificationModel.load(saved).weights(),
        "the model saved through Connect, loaded directly, against the direct fit");

    MlCommandResult read = ml(MlCommand.newBuilder().setRead(MlCommand.Read.newBuilder()
        .setOperator(MlOperator.newBuilder().setName(MlpClassificationModel.class.getName())
            .setType(MlOperator.OperatorType.OPERATOR_TYPE_MODEL))
        .setPath(saved)).build());
    assertEquals(UID, read.getOperatorInfo().getUid());
    // the server's Serializer sends an int[] param as an array literal of integers
    Expression.Literal hidden = read.getOperatorInfo().getParams().getParamsOrThrow("hiddenLayers");
    assertEquals(List.of(6), hidden.getArray().getElementsList().stream()
        .map(Expression.Literal::getInteger).toList(),
        "the loaded model's hiddenLayers, as the server sent them: " + hidden);
    String loadedRef = read.getOperatorInfo().getObjRef().getId();
    String viaLoaded = dir.resolve("loaded.parquet").toString();
    writeTransform(loadedRef, train, viaLoaded);
    assertSamePredictions(direct.transform(spark.read().parquet(train)), spark.read().parquet(viaLoaded),
        "the model read through Connect against the direct fit");
  }

  /** The server's answer to a Fetch of {@code method} (no arguments) on the cached object {@code ref}. */
  private static MlCommandResult fetch(String ref, String method) {
    return ml(MlCommand.newBuilder().setFetch(org.apache.spark.connect.proto.Fetch.newBuilder()
        .setObjRef(ObjectRef.newBuilder().setId(ref))
        .addMethods(org.apache.spark.connect.proto.Fetch.Method.newBuilder().setMethod(method)))
        .build());
  }

  /** Transforms the Parquet at {@code input} with the cached model {@code ref}, on the server, into {@code out}. */
  private static void writeTransform(String ref, String input, String out) {
    Relation transformed = Relation.newBuilder().setMlRelation(MlRelation.newBuilder()
        .setTransform(MlRelation.Transform.newBuilder()
            .setObjRef(ObjectRef.newBuilder().setId(ref))
            .setInput(parquet(input))
            .setParams(MlParams.getDefaultInstance()))).build();
    execute(Command.newBuilder().setWriteOperation(WriteOperation.newBuilder()
        .setInput(transformed).setSource("parquet").setPath(out)
        .setMode(WriteOperation.SaveMode.SAVE_MODE_OVERWRITE)).build());
  }

  /** Same ids, same prediction, and bit-equal probability and rawPrediction vectors. */
  private static void assertSamePredictions(Dataset<Row> expected, Dataset<Row> actual, String what) {
    List<Row> e = expected.select("id", "prediction", "probability", "rawPrediction").orderBy("id").collectAsList();
    List<Row> a = actual.select("id", "prediction", "probability", "rawPrediction").orderBy("id").collectAsList();
    assertEquals(300, e.size());
    assertEquals(e.size(), a.size(), what + ": row count");
    int differ = 0;
    for (int i = 0; i < e.size(); i++) {
      Row x = e.get(i), y = a.get(i);
      assertEquals(x.getLong(0), y.getLong(0), what + ": ids at row " + i);
      assertEquals(x.getDouble(1), y.getDouble(1), what + ": prediction of id " + x.getLong(0));
      assertArrayEquals(((Vector) x.get(2)).toArray(), ((Vector) y.get(2)).toArray(), 0.0,
          what + ": probability of id " + x.getLong(0));
      assertArrayEquals(((Vector) x.get(3)).toArray(), ((Vector) y.get(3)).toArray(), 0.0,
          what + ": rawPrediction of id " + x.getLong(0));
    }
    long distinct = e.stream().map(r -> r.getDouble(1)).distinct().count();
    assertTrue(distinct > 1, what + ": the direct fit predicts one class only; a weak check");
    System.out.println(what + ": " + e.size() + " rows equal, " + distinct + " classes predicted");
  }

  private static Relation parquet(String path) {
    return Relation.newBuilder().setRead(Read.newBuilder().setDataSource(
        Read.DataSource.newBuilder().setFormat("parquet").addPaths(path))).build();
  }

  private static Expression.Literal literal(Object v) {
    return LiteralValueProtoConverter$.MODULE$.toLiteralProto(v);
  }

  /** Runs an ML command and returns its one MlCommandResult; a server error fails with its message. */
  private static MlCommandResult ml(MlCommand command) {
    List<ExecutePlanResponse> responses = execute(Command.newBuilder().setMlCommand(command).build());
    List<MlCommandResult> results = new ArrayList<>();
    for (ExecutePlanResponse r : responses) {
      if (r.hasMlCommandResult()) {
        results.add(r.getMlCommandResult());
      }
    }
    assertEquals(1, results.size(), command.getCommandCase() + ": expected one MlCommandResult, got "
        + responses);
    return results.get(0);
  }

  private static List<ExecutePlanResponse> execute(Command command) {
    ExecutePlanRequest request = ExecutePlanRequest.newBuilder()
        .setSessionId(SESSION)
        .setUserContext(UserContext.newBuilder().setUserId("sparkmlp-it"))
        .setClientType("sparkmlp-test")
        .setPlan(Plan.newBuilder().setCommand(command))
        .build();
    List<ExecutePlanResponse> out = new ArrayList<>();
    try {
      Iterator<ExecutePlanResponse> it = stub.executePlan(request);
      it.forEachRemaining(out::add);
    } catch (StatusRuntimeException e) {
      throw new AssertionError("the Connect server refused " + command.getCommandTypeCase() + " ("
          + (command.hasMlCommand() ? command.getMlCommand().getCommandCase() : "") + "): "
          + e.getStatus() + " " + e.getMessage(), e);
    }
    return out;
  }
}
