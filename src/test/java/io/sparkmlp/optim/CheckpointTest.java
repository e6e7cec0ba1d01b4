package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Snapshot → restore into a fresh optimizer → continue is bit-identical to never stopping. */
class CheckpointTest {

  static final int N = 7;
  static final DecayRanges DECAY = DecayRanges.of(N, 0, 3, 4, 6); // 3 and 6 undecayed, like biases
  static final LrSchedule SCHEDULE = LrSchedules.create("cosine",
      new ScheduleConfig().setBaseLr(0.05).setWarmupSteps(3).setDecaySteps(10).setMinLr(0.001));

  static OptimizerConfig config() {
    return new OptimizerConfig().setMomentum(0.8).setWeightDecay(0.01);
  }

  /** Gradient of step t: a pure function of t, so both runs see the same sequence. */
  static double[] gradient(long t) {
    Random r = new Random(1234 + t);
    double[] g = new double[N];
    for (int i = 0; i < N; i++) {
      g[i] = r.nextGaussian();
    }
    return g;
  }

  static double[] initialTheta() {
    Random r = new Random(42);
    double[] theta = new double[N];
    for (int i = 0; i < N; i++) {
      theta[i] = r.nextGaussian();
    }
    return theta;
  }

  /** Runs steps [from, to) with the full per-step protocol: schedule, clip, step. */
  static void run(Optimizer o, double[] theta, long from, long to) {
    for (long t = from; t < to; t++) {
      assertEquals(t, o.stepCount());
      double[] g = gradient(t);
      GradientClipping.clipGlobalNorm(g, 2.0);
      o.step(theta, g, SCHEDULE.lr(t));
    }
  }

  @Test
  void restoredRunIsBitIdenticalForEveryRule() {
    int k = 5;
    int total = 12;
    for (String name : Optimizers.NAMES) {
      double[] straight = initialTheta();
      Optimizer uninterrupted = Optimizers.create(name, config(), DECAY);
      run(uninterrupted, straight, 0, total);

      double[] resumed = initialTheta();
      Optimizer first = Optimizers.create(name, config(), DECAY);
      run(first, resumed, 0, k);
      OptimizerState saved = first.snapshot();
      double[] savedTheta = resumed.clone();
      run(first, resumed, k, k + 2); // the old optimizer keeps going: must not leak into the snapshot

      Optimizer fresh = Optimizers.create(name, config(), DECAY);
      fresh.restore(saved);
      assertEquals(k, fresh.stepCount(), name);
      run(fresh, savedTheta, k, total);

      assertArrayEquals(straight, savedTheta, 0.0, name); // assertArrayEquals(double[]) compares bits
      assertStateEquals(uninterrupted.snapshot(), fresh.snapshot(), name);
    }
  }

  static void assertStateEquals(OptimizerState expected, OptimizerState actual, String name) {
    assertEquals(expected.optimizer(), actual.optimizer(), name);
    assertEquals(expected.stepCount(), actual.stepCount(), name);
    assertEquals(expected.names(), actual.names(), name);
    for (String a : expected.names()) {
      assertArrayEquals(expected.array(a), actual.array(a), 0.0, name + "/" + a);
    }
  }

  @Test
  void stateArrayNamesPerRule() {
    assertEquals(List.of(), Optimizers.create("sgd", config(), DECAY).snapshot().names());
    assertEquals(List.of("velocity"), Optimizers.create("momentum", config(), DECAY).snapshot().names());
    assertEquals(List.of("velocity"), Optimizers.create("nesterov", config(), DECAY).snapshot().names());
    assertEquals(List.of("m", "v"), Optimizers.create("adam", config(), DECAY).snapshot().names());
    assertEquals(List.of("m", "v"), Optimizers.create("adamw", config(), DECAY).snapshot().names());
  }

  @Test
  void snapshotIsACopyBothWays() {
    Optimizer o = Optimizers.create("adam", config(), DECAY);
    double[] theta = initialTheta();
    run(o, theta, 0, 2);
    OptimizerState s = o.snapshot();
    double[] m = s.array("m");
    m[0] = 99.0; // mutating what we got out does not change the snapshot
    assertTrue(s.array("m")[0] != 99.0);

    double[] in = new double[N];
    OptimizerState built = new OptimizerState("momentum", 3, Map.of("velocity", in));
    in[0] = 5.0; // mutating what we put in does not change it either
    assertEquals(0.0, built.array("velocity")[0]);
  }

  @Test
  void restoreRejectsForeignState() {
    Optimizer adam = Optimizers.create("adam", config(), DECAY);
    OptimizerState momentumState = Optimizers.create("momentum", config(), DECAY).snapshot();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.restore(momentumState));
    assertTrue(e.getMessage().contains("'adam'") && e.getMessage().contains("'momentum'"), e.getMessage());

    OptimizerState wrongNames = new OptimizerState("adam", 4, Map.of("m", new double[N]));
    e = assertThrows(IllegalArgumentException.class, () -> adam.restore(wrongNames));
    assertTrue(e.getMessage().contains("[m, v]"), e.getMessage());

    Optimizer small = Optimizers.create("momentum", config(), DecayRanges.all(2));
    e = assertThrows(IllegalArgumentException.class, () -> small.restore(momentumState));
    assertTrue(e.getMessage().contains("numParams = 2") && e.getMessage().contains(String.valueOf(N)),
        e.getMessage());
    assertEquals(0, small.stepCount(), "a rejected restore changes nothing");

    e = assertThrows(IllegalArgumentException.class, () -> momentumState.array("m"));
    assertTrue(e.getMessage().contains("[velocity]"), e.getMessage());
  }
}
