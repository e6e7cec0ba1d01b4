package io.sparkmlp.train;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.optim.DecayRanges;
import io.sparkmlp.optim.GradientClipping;
import io.sparkmlp.optim.LrSchedule;
import io.sparkmlp.optim.LrSchedules;
import io.sparkmlp.optim.Optimizer;
import io.sparkmlp.optim.OptimizerConfig;
import io.sparkmlp.optim.Optimizers;
import io.sparkmlp.optim.ScheduleConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous data-parallel training on Spark. One step is one Spark job:
 * <ol>
 *   <li>the driver broadcasts θ in the engine's precision (and destroys it after the job);
 *   <li>each partition sums Σ ℓ_b and Σ_b ∂ℓ_b/∂θ over its rows of the global batch
 *       ({@link GradientStep}, eqs. 4–5 over its share);
 *   <li>the sums are combined in partition order ({@link OrderedTreeAggregate});
 *   <li>the driver divides by B once, clips, and applies the optimizer to its float64 θ.
 * </ol>
 * The optimizer state lives here, on the driver, and never travels. Batches come from
 * {@link BatchPlan}, so the model does not depend on the partitioning of the same ordered data.
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
  private final double[] theta;
  private final double[] grad;
  private final Optimizer optimizer;
  private final LrSchedule schedule;
  private final BatchPlan plan;
  private final int[] validationPositions;
  private final List<double[]> layerNorms = new ArrayList<>();
  private double lastFiniteLoss = Double.NaN;
  private long globalStep;

  /**
   * @param validation a separate validation set, or null (then {@code validationFraction} of
   *     the training rows is held out, if &gt; 0)
   * @param initialTheta starting θ, or null for {@link Init} with the config's seed
   */
  @SuppressWarnings("unchecked")
  public Trainer(JavaSparkContext jsc, PackedData<A> train, PackedData<A> validation,
      Architecture arch, TrainConfig cfg, double[] initialTheta, TrainingListener listener) {
    checkShapes(train, validation, arch);
    this.jsc = jsc;
    this.train = train;
    this.validation = validation;
    this.arch = arch;
    this.cfg = cfg.copy();
    this.listener = listener == null ? TrainingListener.NONE : listener;
    this.k = (Kernels<A>) train.precision().kernels();
    this.theta = initialTheta != null ? initialTheta.clone() : Init.initialize(arch, cfg.seed());
    this.grad = new double[arch.numParams()];
    int[][] split = splitPositions(train.numRows(), validation == null ? cfg.validationFraction() : 0, cfg.seed());
    this.validationPositions = split[1].length > 0 ? split[1] : null;
    int batch = cfg.batchSize();
    if (split[0].length < batch) {
      LOG.warn("batchSize {} is larger than the {} training rows; using batchSize {}", batch,
          split[0].length, split[0].length);
      batch = split[0].length;
    }
    this.plan = new BatchPlan(split[0], cfg.seed(), batch);
    this.optimizer = Optimizers.create(cfg.optimizer(), optimizerConfig(cfg), weightsOnly(arch));
    this.schedule = LrSchedules.create(cfg.lrSchedule(), scheduleConfig(cfg, (long) plan.batchesPerEpoch() * cfg.maxEpochs()));
  }

  /** Runs up to maxEpochs epochs (fewer with early stopping) and returns the trained θ. */
  public TrainingResult fit() {
    String what = arch + ", " + train + ", batch " + plan.batchSize() + ", " + plan.batchesPerEpoch()
        + " steps/epoch, optimizer " + optimizer.name();
    LOG.info("training {}", what);
    listener.onStart(what);
    List<EpochRecord> history = new ArrayList<>();
    long t0 = System.nanoTime();
    long samples = 0;
    double best = Double.POSITIVE_INFINITY;
    double[] bestTheta = null;
    int bestEpoch = -1, sinceBest = 0;
    boolean stoppedEarly = false;
    for (int epoch = 0; epoch < cfg.maxEpochs(); epoch++) {
      EpochRecord rec = runEpoch(epoch);
      samples += plan.numRows();
      history.add(rec);
      listener.onEpoch(rec);
      LOG.info("epoch {}/{}: train loss {}, validation loss {}", epoch + 1, cfg.maxEpochs(),
          rec.trainLoss(), rec.validationLoss());
      if (cfg.earlyStoppingPatience() > 0 && !Double.isNaN(rec.validationLoss())) {
        if (rec.validationLoss() < best - cfg.minDelta()) {
          best = rec.validationLoss();
          bestTheta = theta.clone();
          bestEpoch = epoch;
          sinceBest = 0;
        } else if (++sinceBest >= cfg.earlyStoppingPatience()) {
          stoppedEarly = epoch + 1 < cfg.maxEpochs();
          break;
        }
      }
    }
    if (bestTheta != null) {
      System.arraycopy(bestTheta, 0, theta, 0, theta.length);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new TrainingResult(arch, theta.clone(), history, layerNorms, seconds, samples,
        globalStep, stoppedEarly, bestTheta != null ? bestEpoch : history.size() - 1);
  }

  private EpochRecord runEpoch(int epoch) {
    long t0 = System.nanoTime();
    Broadcast<int[]> order = jsc.broadcast(plan.epochOrder(epoch));
    int steps = plan.batchesPerEpoch();
    double lossSum = 0;
    long correct = 0;
    double stepMillis = 0, lr = 0;
    try {
      for (int s = 0; s < steps; s++) {
        StepOutcome out = step(epoch, s, order);
        lossSum += out.partial.lossSum;
        correct += out.partial.correct;
        stepMillis += out.info.stepMillis();
        lr = out.info.learningRate();
      }
    } finally {
      order.destroy();
    }
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    Evaluation.Result val = validate();
    int n = plan.numRows();
    boolean cls = arch.loss().isClassification();
    return new EpochRecord(epoch + 1, steps, lossSum / n, cls ? (double) correct / n : Double.NaN,
        val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
        val == null ? Double.NaN : val.rmse(), n / trainSeconds, stepMillis / steps,
        (System.nanoTime() - t0) / 1e9, lr);
  }

  private record StepOutcome(StepPartial<?> partial, StepInfo info) {}

  private StepOutcome step(int epoch, int s, Broadcast<int[]> order) {
    long t0 = System.nanoTime();
    Broadcast<A> th = jsc.broadcast(k.fromDoubles(theta));
    long t1 = System.nanoTime();
    jsc.setJobDescription("sparkmlp epoch " + (epoch + 1) + "/" + cfg.maxEpochs() + " step "
        + (s + 1) + "/" + plan.batchesPerEpoch());
    StepPartial<A> total;
    try {
      total = GradientStep.batchSums(train, arch, th, order, plan.batchStart(s), plan.batchEnd(s),
          cfg.chunkRows(), cfg.aggregationDepth());
    } finally {
      th.destroy();
      jsc.setJobDescription(null);
    }
    long t2 = System.nanoTime();
    // normalize once: g = (1/B)·Σ_b ∂ℓ_b/∂θ, L = (1/B)·Σ_b ℓ_b
    k.toDoubles(total.grad, grad);
    double invB = 1.0 / total.rows;
    for (int i = 0; i < grad.length; i++) {
      grad[i] *= invB;
    }
    double loss = total.lossSum * invB;
    double[] norms = layerWeightGradNorms();
    checkFinite(loss, norms);
    lastFiniteLoss = loss;
    double norm = GradientClipping.clipGlobalNorm(grad, cfg.gradClip());
    double lr = schedule.lr(globalStep);
    optimizer.step(theta, grad, lr); // θ ← θ − η·(rule applied to g)
    layerNorms.add(norms);
    globalStep++;
    long t3 = System.nanoTime();
    StepInfo info = new StepInfo(epoch + 1, cfg.maxEpochs(), s + 1, plan.batchesPerEpoch(),
        globalStep, total.rows, loss, norm, norms, lr, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
        total.computeNanos / 1e6, (t3 - t2) / 1e6);
    listener.onStep(info);
    return new StepOutcome(total, info);
  }

  private Evaluation.Result validate() {
    if (validation != null) {
      jsc.setJobDescription("sparkmlp validation");
      return Evaluation.evaluate(jsc, validation, arch, theta, null, cfg.chunkRows());
    }
    if (validationPositions != null) {
      jsc.setJobDescription("sparkmlp validation");
      return Evaluation.evaluate(jsc, train, arch, theta, validationPositions, cfg.chunkRows());
    }
    return null;
  }

  /** ‖∂L/∂W_l‖₂ for each layer. */
  private double[] layerWeightGradNorms() {
    double[] norms = new double[arch.numLayers()];
    for (int l = 0; l < norms.length; l++) {
      int off = arch.weightOffset(l);
      double s = 0;
      for (int i = off; i < arch.biasOffset(l); i++) {
        s += grad[i] * grad[i];
      }
      norms[l] = Math.sqrt(s);
    }
    return norms;
  }

  private void checkFinite(double loss, double[] norms) {
    if (!Double.isFinite(loss)) {
      throw new DivergenceException(globalStep, "the loss is " + loss, lastFiniteLoss);
    }
    for (int l = 0; l < arch.numLayers(); l++) {
      double bias = 0;
      for (int i = arch.biasOffset(l); i < arch.biasOffset(l) + arch.size(l + 1); i++) {
        bias += grad[i];
      }
      if (!Double.isFinite(norms[l]) || !Double.isFinite(bias)) {
        throw new DivergenceException(globalStep, "the gradient of layer " + l + " ("
            + arch.size(l) + "→" + arch.size(l + 1) + ") is not finite", lastFiniteLoss);
      }
    }
  }

  /** [train positions, sorted validation positions]: a seeded hold-out of ⌈f·N⌉ rows. */
  static int[][] splitPositions(long n, double fraction, long seed) {
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("at most 2^31-1 training rows are supported, got " + n);
    }
    int[] all = new int[(int) n];
    Arrays.setAll(all, i -> i);
    int held = (int) Math.ceil(fraction * n);
    if (held == 0) {
      return new int[][] {all, new int[0]};
    }
    if (held >= n) {
      throw new IllegalArgumentException("validationFraction " + fraction + " leaves no training rows out of " + n);
    }
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = all.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] val = Arrays.copyOfRange(all, 0, held);
    int[] tr = Arrays.copyOfRange(all, held, all.length);
    Arrays.sort(val);
    Arrays.sort(tr);
    return new int[][] {tr, val};
  }

  private static void checkShapes(PackedData<?> train, PackedData<?> validation, Architecture arch) {
    if (train.numFeatures() != arch.inputSize()) {
      throw new IllegalArgumentException("the training data has " + train.numFeatures()
          + " features but the network's input layer has " + arch.inputSize());
    }
    if (arch.loss().isClassification() && train.maxLabel() >= arch.outputSize()) {
      throw new IllegalArgumentException("the training data has label " + train.maxLabel()
          + " but the network has " + arch.outputSize() + " classes (0.." + (arch.outputSize() - 1) + ")");
    }
    if (!arch.loss().isClassification() && train.numOutputs() != arch.outputSize()) {
      throw new IllegalArgumentException("the training targets have " + train.numOutputs()
          + " values per row but the network has " + arch.outputSize() + " outputs");
    }
    if (validation != null && (validation.numFeatures() != train.numFeatures()
        || validation.precision() != train.precision())) {
      throw new IllegalArgumentException("the validation data has " + validation.numFeatures()
          + " features (" + validation.precision().id() + "), the training data "
          + train.numFeatures() + " (" + train.precision().id() + ")");
    }
    if (validation != null && arch.loss().isClassification() && validation.maxLabel() >= arch.outputSize()) {
      throw new IllegalArgumentException("the validation data has label " + validation.maxLabel()
          + " but the network has " + arch.outputSize() + " classes");
    }
  }

  private static OptimizerConfig optimizerConfig(TrainConfig cfg) {
    return new OptimizerConfig().setMomentum(cfg.momentum()).setWeightDecay(cfg.weightDecay());
  }

  private static ScheduleConfig scheduleConfig(TrainConfig cfg, long totalSteps) {
    ScheduleConfig s = new ScheduleConfig().setBaseLr(cfg.learningRate()).setWarmupSteps(cfg.warmupSteps())
        .setGamma(cfg.lrGamma()).setMinLr(Math.min(cfg.minLearningRate(), cfg.learningRate()));
    if ("step".equals(cfg.lrSchedule())) {
      s.setStepSize(cfg.lrStepSize() > 0 ? cfg.lrStepSize() : Math.max(1, totalSteps / 3));
    }
    if ("cosine".equals(cfg.lrSchedule())) {
      s.setDecaySteps(Math.max(1, totalSteps - cfg.warmupSteps()));
    }
    return s;
  }

  /** Weight decay applies to every W and to no b. */
  private static DecayRanges weightsOnly(Architecture arch) {
    int[] pairs = new int[2 * arch.numLayers()];
    for (int l = 0; l < arch.numLayers(); l++) {
      pairs[2 * l] = arch.weightOffset(l);
      pairs[2 * l + 1] = arch.biasOffset(l);
    }
    return DecayRanges.of(arch.numParams(), pairs);
  }
}
