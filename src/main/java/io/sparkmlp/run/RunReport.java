package io.sparkmlp.run;

import io.sparkmlp.config.TrainSpec;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.linalg.Blas;
import io.sparkmlp.linalg.BlasKernel;
import io.sparkmlp.linalg.CpuInfo;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.report.RunCharts;
import io.sparkmlp.report.RunFiles;
import io.sparkmlp.train.CheckpointStore;
import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.Evaluation;
import io.sparkmlp.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The files a train run leaves next to its model: {@code metrics.jsonl}, {@code summary.json},
 * {@code loss.png}, {@code accuracy.png} (RMSE for regression) and {@code grad-norms.png}.
 *
 * <p>summary.json's top-level keys: {@code test_accuracy} (null without a test set or for
 * regression), {@code test_loss}, {@code test_rmse}, {@code test_rows}, {@code train_seconds},
 * {@code samples_per_second}, {@code epochs_run}, {@code steps}, {@code final_train_loss},
 * {@code final_train_accuracy}, {@code final_validation_loss}, {@code final_validation_accuracy},
 * {@code final_validation_rmse}, {@code stopped_early}, {@code best_epoch} (1-based, the epoch
 * whose weights were saved), {@code architecture}, {@code layers}, {@code params},
 * {@code train_rows} (the rows of --data, validation rows included), {@code validation_rows}, {@code classes},
 * {@code blas}, {@code blas_native}, {@code blas_kernel} (the OpenBLAS kernel set, or null when
 * unknown), {@code blas_kernel_source} (how it was chosen), {@code blas_description} (the BLAS
 * line), {@code cpu}, {@code master},
 * {@code spark_version}, {@code resumed_from}, {@code checkpoint_dir}, {@code standardized},
 * {@code config} (every key with its effective value; format and layers as the data decided).
 */
public final class RunReport {
  private final TrainSpec spec;
  private final TrainData data;
  private final Architecture arch;
  private final TrainingResult result;
  private final Evaluation.Result test;
  private final SparkSession spark;
  private final CheckpointStore.Loaded resumedFrom;

  public RunReport(TrainSpec spec, TrainData data, Architecture arch, TrainingResult result,
      Evaluation.Result test, SparkSession spark, CheckpointStore.Loaded resumedFrom) {
    this.spec = spec;
    this.data = data;
    this.arch = arch;
    this.result = result;
    this.test = test;
    this.spark = spark;
    this.resumedFrom = resumedFrom;
  }

  /** Writes every file into {@code dir}. */
  public void write(Path dir) throws IOException {
    List<EpochRecord> h = result.history();
    RunFiles.writeMetricsJsonl(dir.resolve("metrics.jsonl"), h);
    RunFiles.writeJson(dir.resolve("summary.json"), summary());
    RunCharts.writeLoss(dir.resolve("loss.png"), h);
    RunCharts.writeAccuracy(dir.resolve("accuracy.png"), h, arch.loss().isClassification());
    RunCharts.writeGradNorms(dir.resolve("grad-norms.png"), result.layerGradNormSteps(),
        result.layerGradNorms(), arch.sizes());
  }

  public Map<String, Object> summary() {
    List<EpochRecord> h = result.history();
    EpochRecord last = h.isEmpty() ? null : h.get(h.size() - 1);
    boolean cls = arch.loss().isClassification();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("test_accuracy", test != null && cls ? test.accuracy() : null);
    m.put("test_loss", test != null ? test.loss() : null);
    m.put("test_rmse", test != null && !cls ? test.rmse() : null);
    m.put("test_rows", test != null ? test.rows() : null);
    m.put("train_seconds", result.trainSeconds());
    m.put("samples_per_second", result.samplesPerSecond());
    m.put("epochs_run", h.size());
    m.put("steps", result.steps());
    m.put("final_train_loss", last == null ? null : last.trainLoss());
    m.put("final_train_accuracy", last == null ? null : last.trainAccuracy());
    m.put("final_validation_loss", last == null ? null : last.validationLoss());
    m.put("final_validation_accuracy", last == null ? null : last.validationAccuracy());
    m.put("final_validation_rmse", last == null ? null : last.validationRmse());
    m.put("stopped_early", result.stoppedEarly());
    m.put("skipped_steps", h.stream().mapToInt(EpochRecord::skippedSteps).sum());
    m.put("best_epoch", result.bestEpoch() + 1);
    m.put("architecture", arch.toString());
    m.put("layers", arch.sizes());
    m.put("params", arch.numParams());
    m.put("train_rows", data.dataRows());
    m.put("validation_rows", data.validationRows(spec.train().get(VALIDATION_FRACTION)));
    m.put("classes", cls ? arch.outputSize() : null);
    m.put("blas", Blas.implementationName());
    m.put("blas_native", Blas.isNative());
    BlasKernel.Report kernel = BlasKernel.here();
    m.put("blas_kernel", kernel.kernel());
    m.put("blas_kernel_source", kernel.source());
    m.put("blas_description", Blas.describe());
    CpuInfo cpu = CpuInfo.here();
    m.put("cpu", cpu == null ? null : cpu.describe());
    m.put("master", spark.sparkContext().master());
    m.put("spark_version", spark.version());
    m.put("resumed_from", resumedFrom == null ? null : resumedFrom.path().toString());
    m.put("checkpoint_dir", spec.checkpointDir());
    m.put("standardized", data.scaler != null);
    m.put("config", config());
    return m;
  }

  private Map<String, Object> config() {
    Map<String, Object> c = spec.toMap();
    c.put("format", data.format.name().toLowerCase(Locale.ROOT));
    c.put("layers", arch.sizes());
    c.put("hidden", java.util.Arrays.copyOfRange(arch.sizes(), 1, arch.numLayers()));
    c.put("test-data", data.testSource);
    if (spec.master() == null) {
      c.put("master", spark.sparkContext().master());
    }
    return c;
  }
}
