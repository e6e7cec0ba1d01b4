package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.optim.GradientClipping;
import io.sparkmlp.optim.LrSchedule;
import io.sparkmlp.optim.LrSchedules;
import io.sparkmlp.optim.Optimizer;
import io.sparkmlp.optim.Optimizers;
import io.sparkmlp.optim.TouchedSpans;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous data-parallel training on Spark. One step is one Spark job:
 * <ol>
 *   <li>the driver publishes θ in the engine's precision ({@link ThetaChannel}): all of it, or,
 *       after a lazy update on sparse input, only the rows that changed, which the executors
 *       apply to the copy they keep;
 *   <li>each partition sums Σ ℓ_b and Σ_b ∂ℓ_b/∂θ over its rows of the global batch
 *       ({@link GradientStep}, eqs. 4–5 over its share);
 *   <li>the sums are combined in partition order ({@link OrderedTreeAggregate});
 *   <li>the driver divides once by B (by Σ_b w_b with sample weights; a batch whose weights sum
 *       to 0 is skipped), clips, and applies the optimizer to its float64 θ; for a
 *       row-sparse sum each of these visits only the rows the batch touched ({@link TouchedSpans}).
 * </ol>
 * The optimizer state lives here, on the driver, and never travels. Batches come from
 * {@link BatchPlan}, so the model does not depend on the partitioning of the same ordered data.
 * Progress is a {@link TrainingState}; with a checkpoint directory it is saved every N steps
 * and at epoch ends, and {@link #resumeFrom} continues a run bit-identically. Before each step the
 * listener may ask for an interrupt ({@link TrainingListener#interruptRequested}): then the state
 * after the last completed step is checkpointed and a {@link TrainingInterruptedException} ends
 * the fit. Callers build it
 * through {@link FitPlan}, which also checks the memory it needs and words the warnings.
 */
public final class Trainer<A> {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final JavaSparkContext jsc;
  private final PackedData<A> train;
  private final PackedData<A> validation;
  private final Architecture arch;
  private final TrainConfig cfg;
  private final TrainingListener listener;
  private final Kernels<A> k;
  /** The normalized gradient, float64; zero outside {@link #gradSpans}. */
  private final double[] grad;
  private TouchedSpans gradSpans;
  /** θ to the executors, during {@link #fit}. */
  private ThetaChannel<A> channel;
  /** The rows of W₀ the last update changed (the only ones), or null when it may have changed any. */
  private int[] changedRows0;
  private final Optimizer optimizer;
  private final LrSchedule schedule;
  private final BatchPlan plan;
  private final int[] validationPositions;
  private final CheckpointStore checkpoints;
  private TrainingState state;
  /** The global step of the newest checkpoint this run wrote or resumed from (-1: none), and its path. */
  private long checkpointStep = -1;
  private String checkpointPath;
  /** Rows trained on by this process (a resumed run counts from its resume). */
  private long rowsThisRun;

  /**
   * @param validation a separate validation set, or null (then {@code validationFraction} of
   *     the training rows is held out, if &gt; 0)
   * @param initialTheta starting θ, or null for {@link Init} with the config's seed
   */
  public Trainer(JavaSparkContext jsc, PackedData<A> train, PackedData<A> validation,
      Architecture arch, TrainConfig cfg, double[] initialTheta, TrainingListener listener) {
    TrainSetup.checkShapes(train, validation, arch);
    this.jsc = jsc;
    this.train = train;
    this.validation = validation;
    this.arch = arch;
    this.cfg = cfg.copy();
    this.listener = listener == null ? TrainingListener.NONE : listener;
    this.k = train.kernels();
    this.grad = new double[arch.numParams()];
    this.gradSpans = TouchedSpans.all(grad.length);
    int[][] split = TrainSetup.splitPositions(train.numRows(),
        validation == null ? cfg.get(VALIDATION_FRACTION) : 0, cfg.get(SEED));
    this.validationPositions = split[1].length > 0 ? split[1] : null;
    int batch = cfg.get(BATCH_SIZE);
    if (split[0].length < batch) {
      LOG.warn("batchSize {} is larger than the {} training rows; using batchSize {}", batch,
          split[0].length, split[0].length);
      batch = split[0].length;
    }
    this.plan = new BatchPlan(split[0], cfg.get(SEED), batch);
    this.optimizer = Optimizers.create(cfg.get(OPTIMIZER), TrainSetup.optimizerConfig(cfg),
        TrainSetup.weightsOnly(arch));
    this.schedule = LrSchedules.create(cfg.get(LR_SCHEDULE),
        TrainSetup.scheduleConfig(cfg, (long) plan.batchesPerEpoch() * cfg.get(MAX_EPOCHS)));
    this.checkpoints = cfg.checkpointDir() == null ? null
        : new CheckpointStore(cfg.checkpointDir(), jsc.hadoopConfiguration(), cfg.get(CHECKPOINT_KEEP));
    this.state = new TrainingState(initialTheta != null ? initialTheta.clone() : Init.initialize(arch, cfg.get(SEED)));
  }

  /**
   * The global positions (0-based, in input order, ascending) the Trainer holds out for
   * validation from {@code numRows} training rows with {@code fraction} and {@code seed}, when it
   * is given no separate validation set; e.g. to fit preprocessing on the training rows only.
   */
  public static int[] heldOutPositions(long numRows, double fraction, long seed) {
    return TrainSetup.splitPositions(numRows, fraction, seed)[1];
  }

  /** Continues from a checkpoint of the same architecture: θ, optimizer, position and history. */
  public Trainer<A> resumeFrom(CheckpointStore.Loaded ckpt) {
    if (!ckpt.architecture().equals(arch)) {
      throw new IllegalArgumentException("checkpoint " + ckpt.path() + " is for " + ckpt.architecture()
          + ", not " + arch);
    }
    optimizer.restore(ckpt.state().optimizer);
    state = ckpt.state();
    checkpointStep = state.globalStep;
    checkpointPath = ckpt.path().toString();
    LOG.info("resuming from {} at epoch {}, step {} of {}", ckpt.path(), state.epoch + 1,
        state.stepInEpoch, plan.batchesPerEpoch());
    return this;
  }

  /**
   * Runs up to maxEpochs epochs (fewer with early stopping, or when the listener asks to stop)
   * and returns the trained θ.
   */
  public TrainingResult fit() {
    String heldOut = validationPositions == null ? ""
        : String.format(Locale.ROOT, ", %,d of them held out for validation", validationPositions.length);
    String what = arch + ", " + train + heldOut + ", batch " + plan.batchSize() + ", "
        + plan.batchesPerEpoch() + " steps/epoch, optimizer " + optimizer.name();
    ExecutorBlas.report(jsc, train.rdd());
    LOG.info("training {}", what);
    listener.onStart(what);
    long t0 = System.nanoTime();
    RecoveryLog recovery = RecoveryLog.start(jsc.sc()); // counts this fit's jobs only
    state.aggregationDepth = TreeDepth.forRun(jsc, cfg.get(AGGREGATION_DEPTH), state.aggregationDepth,
        train.numPartitions(), (long) arch.numParams() * k.precision().bytes());
    channel = new ThetaChannel<>(jsc, k, arch.inputSize(), arch.size(1), cfg.get(DELTA_CHAIN));
    changedRows0 = null;
    // one call site for the fit's jobs, so that Spark does not walk the driver's stack for every step's
    jsc.setCallSite("sparkmlp fit of " + arch);
    try {
      while (state.epoch < cfg.get(MAX_EPOCHS) && !state.stoppedEarly) {
        if (!runEpoch() || listener.stopRequested()) {
          break;
        }
      }
    } finally {
      jsc.clearCallSite();
      recovery.close();
      channel.close();
      LOG.info("θ reached the executors as {} full broadcast(s) and {} row delta(s)", channel.fullBroadcasts(),
          channel.versions() - channel.fullBroadcasts());
      channel = null;
    }
    if (recovery.executorsLost() + recovery.tasksRetried() > 0) {
      LOG.warn("recovered from {} lost executor(s) and {} failed task(s); every step's sums were"
          + " recomputed from the same inputs", recovery.executorsLost(), recovery.tasksRetried());
    }
    if (state.bestTheta != null) {
      System.arraycopy(state.bestTheta, 0, state.theta, 0, state.theta.length);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new TrainingResult(arch, state.theta.clone(), state.history(), state.layerNorms.rows(),
        state.layerNorms.steps(), seconds, rowsThisRun, state.globalStep,
        state.stoppedEarly, state.bestTheta != null ? state.bestEpoch : state.history.size() - 1);
  }

  /**
   * The current epoch from its next step to its end, then validation, bookkeeping and checkpoint.
   * False when the listener asked to stop after a mid-epoch validation (the epoch is left
   * unfinished, with no record).
   */
  private boolean runEpoch() {
    int epoch = state.epoch;
    if (state.stepInEpoch == 0) {
      state.startEpoch(epoch);
    }
    long t0 = System.nanoTime();
    long validationNanos = 0;
    Broadcast<int[]> order = jsc.broadcast(plan.epochOrder(epoch));
    int steps = plan.batchesPerEpoch();
    double lr = 0;
    try {
      while (state.stepInEpoch < steps) {
        stopIfInterrupted();
        lr = step(epoch, state.stepInEpoch, order).learningRate();
        state.stepInEpoch++;
        boolean epochEnd = state.stepInEpoch == steps;
        if (checkpoints != null && cfg.get(CHECKPOINT_EVERY_STEPS) > 0 && !epochEnd
            && state.globalStep % cfg.get(CHECKPOINT_EVERY_STEPS) == 0) {
          saveCheckpoint();
        }
        if (cfg.get(VALIDATE_EVERY_STEPS) > 0 && !epochEnd && state.globalStep % cfg.get(VALIDATE_EVERY_STEPS) == 0) {
          long v0 = System.nanoTime();
          boolean stop = validateMidEpoch(epoch, steps);
          validationNanos += System.nanoTime() - v0;
          if (stop) {
            return false;
          }
        }
      }
    } finally {
      order.destroy();
    }
    double trainSeconds = (System.nanoTime() - t0 - validationNanos) / 1e9;
    Evaluation.Result val = validate();
    EpochRecord rec = record(epoch, lr, trainSeconds, val, (System.nanoTime() - t0) / 1e9);
    state.history.add(rec);
    earlyStopping(rec);
    state.startEpoch(epoch + 1);
    listener.onEpoch(rec);
    LOG.info("epoch {}/{}: {}", epoch + 1, cfg.get(MAX_EPOCHS), rec.describe());
    if (checkpoints != null) {
      saveCheckpoint();
    }
    return true;
  }

  /** Validates the current θ in the middle of an epoch and tells the listener; true if it asks to stop. */
  private boolean validateMidEpoch(int epoch, int steps) {
    Evaluation.Result val = validate();
    if (val == null) {
      return false;
    }
    ValidationCheck check = new ValidationCheck(epoch + 1, state.stepInEpoch, steps, state.globalStep,
        val.loss(), val.accuracy(), val.rmse());
    LOG.info("epoch {}/{}, step {}/{}: validation loss {}, accuracy {}", epoch + 1, cfg.get(MAX_EPOCHS),
        check.step(), steps, val.loss(), val.accuracy());
    listener.onValidation(check);
    return listener.stopRequested();
  }

  private EpochRecord record(int epoch, double lr, double trainSeconds, Evaluation.Result val,
      double seconds) {
    long n = state.epochRows;
    boolean cls = arch.loss().isClassification();
    int steps = plan.batchesPerEpoch();
    // the epoch's mean loss: Σ ℓ / rows, or Σ w·ℓ / Σ w with sample weights
    double lossMean = state.epochLossSum / (train.weighted() ? state.epochWeightSum : n);
    return new EpochRecord(epoch + 1, steps, lossMean,
        cls ? (double) state.epochCorrect / n : Double.NaN,
        val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
        val == null ? Double.NaN : val.rmse(), n / trainSeconds, state.epochStepMillis / steps,
        seconds, lr, state.epochSkippedSteps);
  }

  private void earlyStopping(EpochRecord rec) {
    if (cfg.get(EARLY_STOPPING_PATIENCE) == 0 || Double.isNaN(rec.validationLoss())) {
      return;
    }
    if (rec.validationLoss() < state.best - cfg.get(MIN_DELTA)) {
      state.best = rec.validationLoss();
      state.bestTheta = state.theta.clone();
      state.bestEpoch = rec.epoch() - 1;
      state.sinceBest = 0;
    } else if (++state.sinceBest >= cfg.get(EARLY_STOPPING_PATIENCE)) {
      state.stoppedEarly = rec.epoch() < cfg.get(MAX_EPOCHS);
      if (!state.stoppedEarly) {
        return;
      }
      LOG.info("early stopping after epoch {}: no validation improvement of {} for {} epochs; "
          + "restoring epoch {}", rec.epoch(), cfg.get(MIN_DELTA), state.sinceBest, state.bestEpoch + 1);
    }
  }

  private void saveCheckpoint() {
    state.optimizer = optimizer.snapshot();
    checkpointPath = checkpoints.save(state, arch, cfg).toString();
    checkpointStep = state.globalStep;
    LOG.info("checkpoint {}", checkpointPath);
  }

  /**
   * When the listener asks for an interrupt: checkpoints the state after the last completed step
   * (unless the newest checkpoint already holds it, so a valid file is never replaced) and throws.
   */
  private void stopIfInterrupted() {
    if (!listener.interruptRequested()) {
      return;
    }
    if (checkpoints != null && checkpointStep != state.globalStep) {
      saveCheckpoint();
    }
    LOG.info("interrupted after global step {}", state.globalStep);
    throw new TrainingInterruptedException(state.globalStep, state.epoch, state.stepInEpoch,
        plan.batchesPerEpoch(), checkpoints == null ? null : checkpointPath);
  }

  private StepInfo step(int epoch, int s, Broadcast<int[]> order) {
    long t0 = System.nanoTime();
    ThetaRef<A> th = channel.publish(state.theta, changedRows0);
    long t1 = System.nanoTime();
    jsc.setJobDescription("sparkmlp epoch " + (epoch + 1) + "/" + cfg.get(MAX_EPOCHS) + " step "
        + (s + 1) + "/" + plan.batchesPerEpoch());
    StepPartial<A> total;
    try {
      total = GradientStep.batchSums(train, arch, th, order, plan.batchStart(s), plan.batchEnd(s),
          cfg.get(BLOCK_SIZE), state.aggregationDepth);
    } finally {
      jsc.setJobDescription(null);
    }
    long t2 = System.nanoTime();
    if (train.weighted() && total.weightSum == 0.0) {
      return skipped(epoch, s, total, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
    // normalize once: g = (1/B)·Σ_b ∂ℓ_b/∂θ, L = (1/B)·Σ_b ℓ_b, with Σ_b w_b for B when the rows
    // carry sample weights (the sums are then Σ_b w_b·∂ℓ_b/∂θ and Σ_b w_b·ℓ_b); g is zero outside its
    // spans. One pass converts and scales; one more gives every norm the step needs.
    double invB = 1.0 / (train.weighted() ? total.weightSum : total.rows);
    gradSpans = total.toDoubles(k, arch.inputSize(), arch.size(1), invB, grad, gradSpans);
    double loss = total.lossSum * invB;
    Divergence.Norms n = Divergence.check(arch, grad, gradSpans, loss, state.globalStep, state.lastFiniteLoss);
    double[] norms = n.layers();
    state.lastFiniteLoss = loss;
    double norm = GradientClipping.clipGlobalNorm(grad, cfg.get(GRAD_CLIP), gradSpans, n.sumOfSquares());
    double lr = schedule.lr(state.globalStep);
    // θ ← θ − η·(the rule's direction for g); a lazy rule updates only W₀'s touched rows
    int[] touched = gradSpans.rows0();
    optimizer.step(state.theta, grad, lr, touched, arch.inputSize(), arch.size(1));
    changedRows0 = touched != null && optimizer.updatesOnlyTouchedRows() ? touched : null;
    state.globalStep++;
    state.layerNorms.add(state.globalStep, norms);
    long t3 = System.nanoTime();
    double jobMillis = (t2 - t1) / 1e6;
    double aggregationMillis = (t2 - total.computeEndNanos) / 1e6;
    if (total.computeEndNanos == 0 || aggregationMillis < 0 || aggregationMillis > jobMillis) {
      aggregationMillis = Double.NaN; // no rows, or the executor's clock is not the driver's
    }
    StepInfo info = StepInfo.builder()
        .epoch(epoch + 1).maxEpochs(cfg.get(MAX_EPOCHS)).step(s + 1).stepsPerEpoch(plan.batchesPerEpoch())
        .globalStep(state.globalStep)
        .rows(total.rows).loss(loss).gradNorm(norm).layerGradNorms(norms).learningRate(lr)
        .broadcastMillis((t1 - t0) / 1e6).jobMillis(jobMillis).computeMillis(total.computeNanos / 1e6)
        .aggregationMillis(aggregationMillis).updateMillis((t3 - t2) / 1e6)
        .build();
    if (LOG.isDebugEnabled()) {
      LOG.debug(String.format(Locale.ROOT, "step %d: %.1f ms = θ out %.1f + job %.1f (compute %.1f, aggregation"
          + " %.1f) + update %.1f; gradient on %s", state.globalStep, info.stepMillis(), info.broadcastMillis(),
          jobMillis, info.computeMillis(), aggregationMillis, info.updateMillis(), gradSpans));
    }
    countStep(total, info);
    return info;
  }

  /** Adds a finished step's sums to the epoch's and tells the listener. */
  private void countStep(StepPartial<A> total, StepInfo info) {
    state.epochLossSum += total.lossSum;
    state.epochWeightSum += total.weightSum;
    state.epochCorrect += total.correct;
    state.epochRows += total.rows;
    rowsThisRun += total.rows;
    state.epochStepMillis += info.stepMillis();
    listener.onStep(info);
  }

  /**
   * A batch whose sample weights sum to 0 has no loss to descend: θ and the optimizer state stay
   * as they are (the next publish is an empty delta), the step counts as taken, and the epoch
   * counts it as skipped. Its loss is NaN and its gradient norms 0.
   */
  private StepInfo skipped(int epoch, int s, StepPartial<A> total, double broadcastMillis, double jobMillis) {
    changedRows0 = new int[0];
    state.globalStep++;
    state.epochSkippedSteps++;
    LOG.debug("step {}: the batch's {} rows all have weight 0; skipped", state.globalStep, total.rows);
    StepInfo info = StepInfo.builder()
        .epoch(epoch + 1).maxEpochs(cfg.get(MAX_EPOCHS)).step(s + 1).stepsPerEpoch(plan.batchesPerEpoch())
        .globalStep(state.globalStep).rows(total.rows).loss(Double.NaN).gradNorm(0)
        .layerGradNorms(new double[arch.numLayers()]).learningRate(schedule.lr(state.globalStep - 1))
        .broadcastMillis(broadcastMillis).jobMillis(jobMillis).computeMillis(total.computeNanos / 1e6)
        .aggregationMillis(Double.NaN).updateMillis(0)
        .build();
    countStep(total, info);
    return info;
  }

  private Evaluation.Result validate() {
    PackedData<A> data = validation != null ? validation : validationPositions != null ? train : null;
    if (data == null) {
      return null;
    }
    jsc.setJobDescription("sparkmlp validation, epoch " + (state.epoch + 1) + ", after step " + state.globalStep);
    try {
      return Evaluation.evaluate(jsc, data, arch, state.theta,
          validation != null ? null : validationPositions, cfg.get(BLOCK_SIZE));
    } finally {
      jsc.setJobDescription(null);
    }
  }
}
