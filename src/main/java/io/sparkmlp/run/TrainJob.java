package io.sparkmlp.run;

import io.sparkmlp.config.ConfigException;
import io.sparkmlp.config.Setting;
import io.sparkmlp.config.TrainSpec;
import io.sparkmlp.train.RunCheckpoints;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.report.ConsoleProgress;
import io.sparkmlp.train.CheckpointStore;
import io.sparkmlp.train.Evaluation;
import io.sparkmlp.train.FitPlan;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.TrainingInterruptedException;
import io.sparkmlp.train.ValidationCheck;
import io.sparkmlp.train.Trainer;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.SparkSession;

/**
 * One train run, from an effective configuration to a complete output directory:
 * <ol>
 *   <li>before any data is read: refuse an existing {@code out} (unless overwrite), an
 *       unwritable {@code out} or checkpoint directory (a probe file is written and removed), and a
 *       checkpoint directory that holds an earlier run's checkpoints (unless overwrite), or,
 *       resuming, load the newest valid checkpoint;
 *   <li>load the model to start from, if any ({@link InitModel}: its weights, its fitted stages);
 *   <li>load, standardize and pack the data ({@link TrainData}), the validation rows apart when a
 *       column marks them; build the architecture, which must be the init model's;
 *   <li>a fresh run writes train.conf into the checkpoint directory ({@link RunCheckpoints});
 *       train ({@link Trainer}) with console progress ({@link ConsoleProgress});
 *   <li>score the test set, then write model, metrics, summary and plots into the staging
 *       directory ({@link RunReport}) and rename it into place ({@link OutputDir}).
 * </ol>
 * A failure at any point (divergence, bad data) leaves {@code out} as it was: the staging
 * directory is deleted. Checkpoints written before the failure stay, so that the run can be
 * resumed; a fresh run that fails before its first checkpoint leaves no checkpoint directory.
 * With {@link #catchingSignals}, SIGINT or SIGTERM ends it the same way, after the step in flight
 * and a checkpoint of the state after it ({@link StopSignals}).
 */
public final class TrainJob {
  private final TrainSpec spec;
  private final SparkSession spark;
  private final PrintWriter out;
  private final boolean interactive;
  /** The --resume directory, or null for a fresh run. */
  private final String resumeDir;
  /** Catch SIGINT and SIGTERM while running ({@link StopSignals}); only a job's own process should. */
  private boolean catchSignals;

  public TrainJob(TrainSpec spec, SparkSession spark, PrintWriter out, boolean interactive, String resumeDir) {
    this.spec = spec;
    this.spark = spark;
    this.out = out;
    this.interactive = interactive;
    this.resumeDir = resumeDir;
  }

  /**
   * Makes {@link #run} catch SIGINT and SIGTERM: the first ends training after the step in flight
   * with a checkpoint and a {@link RunInterruptedException} (exit 130 or 143), a second one exits
   * at once. For the job's own process only (it replaces the JVM's handlers while it runs).
   */
  public TrainJob catchingSignals() {
    catchSignals = true;
    return this;
  }

  /** Runs it; the caller has printed the BLAS and Spark lines. */
  public void run() throws IOException {
    TrainConfig cfg = spec.train().setCheckpointDir(spec.checkpointDir());
    RunCheckpoints ckpt = checkpoints(cfg);
    try (OutputDir dir = OutputDir.create(spec.out(), spec.overwrite(), "--out");
        StopSignals signals = catchSignals ? StopSignals.install(() -> OutputDir.deleteTree(dir.staging())) : null) {
      CheckpointStore.Loaded resume = null;
      if (ckpt != null) {
        ckpt.checkWritable();
      }
      if (ckpt != null && resumeDir == null) {
        ckpt.checkFresh(spec.overwrite());
      } else if (ckpt != null) {
        resume = ckpt.loadNewest(cfg.get(CHECKPOINT_KEEP), out);
        RunCheckpoints.checkSameConfig(resume, cfg);
      }
      java.nio.file.Path packedDir = dir.staging().resolve(".packed-data");
      checkpointPackedDataIn(packedDir);
      InitModel init = InitModel.load(spark, spec);
      TrainData data = TrainData.load(spark, spec, init);
      try {
        boolean classification = spec.task() == Packer.Task.CLASSIFICATION;
        data.describe(out, spec, classification);
        FitPlan plan = plan(data, cfg);
        printPlan(plan, cfg);
        Architecture arch = plan.arch();
        double[] initialTheta = null;
        if (init != null) {
          initialTheta = resume != null ? null : init.thetaFor(arch);
          out.println(init.describe(resume != null));
        }
        TrainingResult result = train(data, plan, cfg, ckpt, resume, initialTheta, signals);
        if (signals != null && signals.raised()) { // after the last step: its checkpoint is the newest
          throw interrupted(signals, result.steps(), null, ckpt == null ? null : ckpt.newest(), null);
        }
        Evaluation.Result test = testMetrics(data, arch, result, cfg);
        Transformer model = ModelExport.build(arch, result.theta(), cfg, data.featuresColumn(),
            data.train.numPartitions(), data.stagesBefore(), data.rawTrain);
        ModelExport.save(model, dir.staging().resolve("model").toUri().toString());
        new RunReport(spec, data, arch, result, test, spark, resume).write(dir.staging());
        data.unpersist();
        OutputDir.deleteTree(packedDir);
        dir.commit();
        printResult(result, test, classification);
      } finally {
        data.unpersist();
      }
    }
  }

  /** The checkpoint directory this class last gave the SparkContext, or null. */
  private static String packedCheckpointDir;

  /**
   * Gives the SparkContext {@code dir} as its checkpoint directory, unless the user set one, so
   * that packed data with a heavy lineage (a text pipeline's) is checkpointed there instead of
   * riding along in every step's tasks ({@link Packer}); the run deletes it before it commits.
   */
  private void checkpointPackedDataIn(java.nio.file.Path dir) {
    scala.Option<String> current = spark.sparkContext().getCheckpointDir();
    synchronized (TrainJob.class) {
      if (current.isEmpty() || packedCheckpointDir != null && current.get().startsWith(packedCheckpointDir)) {
        spark.sparkContext().setCheckpointDir(dir.toUri().toString());
        packedCheckpointDir = dir.toUri().toString();
      }
    }
  }

  /** The run's checkpoint directory, or null when checkpointing is off; says which on the console. */
  private RunCheckpoints checkpoints(TrainConfig cfg) {
    if (cfg.checkpointDir() == null) {
      out.println("checkpoints: off (checkpoint-dir none)");
      return null;
    }
    out.println("checkpoints: " + cfg.checkpointDir() + " (" + (cfg.get(CHECKPOINT_EVERY_STEPS) > 0
        ? "every " + cfg.get(CHECKPOINT_EVERY_STEPS) + " steps and " : "") + "at each epoch end; newest "
        + cfg.get(CHECKPOINT_KEEP) + " kept)");
    return new RunCheckpoints(cfg.checkpointDir(), spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Fits; a fresh run first writes train.conf into the checkpoint directory. When a fresh run
   * fails before its first checkpoint, that directory is removed again.
   */
  private TrainingResult train(TrainData data, FitPlan plan, TrainConfig cfg, RunCheckpoints ckpt,
      CheckpointStore.Loaded resume, double[] initialTheta, StopSignals signals) throws IOException {
    boolean fresh = ckpt != null && resume == null;
    if (fresh) {
      ckpt.prepareFresh(spec.toConfText(), spec.overwrite());
    }
    ConsoleProgress progress = new ConsoleProgress(out, interactive);
    try {
      return fit(jsc(), data.train, data.validation, plan, cfg, resume, initialTheta,
          signals == null ? progress : interruptible(progress, signals));
    } catch (TrainingInterruptedException e) {
      throw interrupted(signals, e.globalStep(), String.format(Locale.ROOT, "epoch %d, step %d of %d",
          e.epoch(), e.stepInEpoch(), e.stepsPerEpoch()), e.checkpoint(), e);
    } catch (RuntimeException e) {
      if (fresh) {
        ckpt.discardIfNoCheckpoints();
      }
      throw e;
    }
  }

  /** {@code progress}, asking for an interrupt once a signal arrived. */
  private static TrainingListener interruptible(ConsoleProgress progress, StopSignals signals) {
    return new TrainingListener() {
      @Override public void onStart(String description) { progress.onStart(description); }
      @Override public void onStep(StepInfo step) { progress.onStep(step); }
      @Override public void onEpoch(EpochRecord epoch) { progress.onEpoch(epoch); }
      @Override public void onValidation(ValidationCheck check) { progress.onValidation(check); }
      @Override public boolean stopRequested() { return progress.stopRequested(); }
      @Override public boolean interruptRequested() { return signals.raised(); }
    };
  }

  /**
   * The one line a signal ends the run with: where it stopped, the checkpoint, and the exact
   * command that continues it (the out directory is given, since a resumed run may have moved it).
   */
  private RunInterruptedException interrupted(StopSignals signals, long step, String where,
      String checkpoint, Throwable cause) {
    StringBuilder m = new StringBuilder(signals.signalName()).append(": stopped after step ").append(step);
    if (where != null) {
      m.append(" (").append(where).append(')');
    }
    if (checkpoint == null) {
      m.append("; no checkpoint (checkpoint-dir none), so the run cannot be resumed");
    } else {
      m.append("; checkpoint ").append(checkpoint).append("; resume with: jobs/train.sh --resume ")
          .append(shellWord(spec.checkpointDir())).append(" --out ").append(shellWord(spec.out().toString()));
      if (spec.master() != null) {
        m.append(" --master ").append(shellWord(spec.master()));
      }
    }
    return new RunInterruptedException(m.toString(), signals.exitCode(), cause);
  }

  /** {@code s} as one shell word: as it is when safe, else in single quotes. */
  private static String shellWord(String s) {
    return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * The plan ({@link FitPlan}) for the data: the widths from the data and --hidden, which
   * --layers (already turned into hidden widths) must agree with at both ends.
   */
  private FitPlan plan(TrainData data, TrainConfig cfg) {
    boolean classification = spec.task() == Packer.Task.CLASSIFICATION;
    int inputs = data.train.numFeatures();
    int outputs = classification ? data.numClasses() : data.train.numOutputs();
    int[] sizes = spec.layers();
    if (sizes != null) {
      Setting s = spec.setting("layers");
      if (sizes[0] != inputs) {
        throw new ConfigException(s.where() + ": the first width must be the data's feature count "
            + inputs + ", found " + sizes[0] + " in " + s.value());
      }
      if (sizes[sizes.length - 1] != outputs) {
        throw new ConfigException(s.where() + ": the last width must be " + outputs + (classification
            ? " (the classes 0.." + (outputs - 1) + " of the training labels)" : " (the regression "
            + "output)") + ", found " + sizes[sizes.length - 1] + " in " + s.value());
      }
    }
    return FitPlan.of(jsc(), data.train, outputs, data.validation != null, cfg, spec.loss());
  }

  private void printPlan(FitPlan plan, TrainConfig c) {
    out.println(String.format(Locale.ROOT, "model: %s; %s lr %s (%s%s), batch %d, %d epochs, %s",
        plan.arch(), c.get(OPTIMIZER), LEARNING_RATE.format(c.get(LEARNING_RATE)), c.get(LR_SCHEDULE),
        c.get(WARMUP_STEPS) > 0 ? ", warm-up " + c.get(WARMUP_STEPS) : "", c.get(BATCH_SIZE), c.get(MAX_EPOCHS),
        c.get(PRECISION)));
    out.println(plan.memory());
    plan.warnings().forEach(w -> out.println("warning: " + w));
    out.println("output: " + spec.out());
  }

  private JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  /**
   * @param validation the indicator column's validation rows, or null (then validation-fraction's hold-out)
   * @param initialTheta θ to start from (--init-model), or null for the seeded initialisation
   */
  @SuppressWarnings("unchecked")
  private static <A> TrainingResult fit(JavaSparkContext jsc, PackedData<A> train, PackedData<?> validation,
      FitPlan plan, TrainConfig cfg, CheckpointStore.Loaded resume, double[] initialTheta,
      TrainingListener listener) {
    // the same precision packed both, so both hold arrays of the same type A
    Trainer<A> trainer = plan.trainer(jsc, train, (PackedData<A>) validation, cfg, initialTheta, listener);
    if (resume != null) {
      trainer.resumeFrom(resume);
    }
    return trainer.fit();
  }

  private Evaluation.Result testMetrics(TrainData data, Architecture arch, TrainingResult r, TrainConfig cfg) {
    if (data.test == null) {
      return null;
    }
    JavaSparkContext jsc = jsc();
    jsc.setJobDescription("sparkmlp test set");
    try {
      return Evaluation.evaluate(jsc, data.test, arch, r.theta(), null, cfg.get(BLOCK_SIZE));
    } finally {
      jsc.setJobDescription(null);
    }
  }

  private void printResult(TrainingResult r, Evaluation.Result test, boolean classification) {
    out.println(String.format(Locale.ROOT, "trained %d epochs%s in %.1f s, %,.0f samples/s",
        r.history().size(), r.stoppedEarly() ? " (stopped early; weights of epoch " + (r.bestEpoch() + 1)
        + ")" : "", r.trainSeconds(), r.samplesPerSecond()));
    if (test != null) {
      out.println(classification
          ? String.format(Locale.ROOT, "test: accuracy %.2f%% (%d/%d), loss %.4f", 100 * test.accuracy(),
              test.correct(), test.rows(), test.loss())
          : String.format(Locale.ROOT, "test: rmse %.4f, loss %.4f over %d rows", test.rmse(),
              test.loss(), test.rows()));
    }
    out.println("wrote " + spec.out() + " (model/, metrics.jsonl, summary.json, loss.png, "
        + "accuracy.png, grad-norms.png)");
  }
}
