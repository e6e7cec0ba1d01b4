package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrSchedulesTest {

  static final double TOL = 1e-15;

  @Test
  void constant() {
    LrSchedule s = LrSchedules.create("constant", new ScheduleConfig().setBaseLr(0.1));
    assertEquals(0.1, s.lr(0));
    assertEquals(0.1, s.lr(1_000_000));
  }

  @Test
  void step() {
    // η = 0.1, γ = 0.5, stepSize = 3: t 0..2 → 0.1, 3..5 → 0.05, 6..8 → 0.025
    LrSchedule s = LrSchedules.create("step", new ScheduleConfig().setBaseLr(0.1).setGamma(0.5).setStepSize(3));
    assertEquals(0.1, s.lr(0), TOL);
    assertEquals(0.1, s.lr(2), TOL);
    assertEquals(0.05, s.lr(3), TOL);
    assertEquals(0.05, s.lr(5), TOL);
    assertEquals(0.025, s.lr(6), TOL);
    assertEquals(0.1 * Math.pow(0.5, 10), s.lr(30), TOL);
  }

  @Test
  void cosine() {
    // η = 0.1, η_min = 0.02, T = 4: 0.02 + 0.08·(1 + cos(π·s/4))/2
    LrSchedule s = LrSchedules.create("cosine",
        new ScheduleConfig().setBaseLr(0.1).setMinLr(0.02).setDecaySteps(4));
    assertEquals(0.1, s.lr(0), TOL);                                 // cos 0 = 1
    assertEquals(0.02 + 0.04 * (1 + Math.sqrt(0.5)), s.lr(1), TOL);  // cos π/4 = √½ → 0.0882842712
    assertEquals(0.06, s.lr(2), TOL);                                // cos π/2 = 0 → midpoint
    assertEquals(0.02 + 0.04 * (1 - Math.sqrt(0.5)), s.lr(3), TOL);  // → 0.0317157288
    assertEquals(0.02, s.lr(4), TOL);                                // s = T: the floor
    assertEquals(0.02, s.lr(100), TOL);                              // and held
  }

  @Test
  void warmupThenConstant() {
    // W = 4, η = 0.2: η·(t+1)/4 = 0.05, 0.1, 0.15, 0.2 for t = 0..3, then 0.2
    LrSchedule s = LrSchedules.create("constant", new ScheduleConfig().setBaseLr(0.2).setWarmupSteps(4));
    assertEquals(0.05, s.lr(0), TOL);
    assertEquals(0.1, s.lr(1), TOL);
    assertEquals(0.15, s.lr(2), TOL);
    assertEquals(0.2, s.lr(3), TOL); // last warm-up step reaches η
    assertEquals(0.2, s.lr(4), TOL); // first main step
  }

  @Test
  void warmupThenStepCountsFromTheEndOfWarmup() {
    // W = 2, η = 0.1, γ = 0.5, stepSize = 3: t = 0, 1 warm-up (0.05, 0.1);
    // t = 2..4 are s = 0..2 → 0.1; t = 5 is s = 3 → 0.05
    LrSchedule s = LrSchedules.create("step",
        new ScheduleConfig().setBaseLr(0.1).setWarmupSteps(2).setGamma(0.5).setStepSize(3));
    assertEquals(0.05, s.lr(0), TOL);
    assertEquals(0.1, s.lr(1), TOL);
    assertEquals(0.1, s.lr(2), TOL);
    assertEquals(0.1, s.lr(4), TOL);
    assertEquals(0.05, s.lr(5), TOL);
  }

  @Test
  void warmupThenCosine() {
    // W = 3, η = 0.3, η_min = 0, T = 2: 0.1, 0.2, 0.3 then s = 0 → 0.3, s = 1 → 0.15, s = 2 → 0
    LrSchedule s = LrSchedules.create("cosine",
        new ScheduleConfig().setBaseLr(0.3).setWarmupSteps(3).setDecaySteps(2));
    assertEquals(0.1, s.lr(0), TOL);
    assertEquals(0.2, s.lr(1), TOL);
    assertEquals(0.3, s.lr(2), TOL);
    assertEquals(0.3, s.lr(3), TOL);
    assertEquals(0.15, s.lr(4), TOL);
    assertEquals(0.0, s.lr(5), TOL);
    assertEquals(0.0, s.lr(6), TOL);
  }

  @Test
  void pureFunctionOfTheStep() {
    LrSchedule s = LrSchedules.create("cosine", new ScheduleConfig().setWarmupSteps(5).setDecaySteps(50));
    double a = s.lr(17);
    s.lr(3);
    s.lr(40);
    assertEquals(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(s.lr(17)));
    assertThrows(IllegalArgumentException.class, () -> s.lr(-1));
  }

  @Test
  void factoryErrorsNameTheProblem() {
    assertMessage("'linear'", () -> LrSchedules.create("linear", new ScheduleConfig()));
    assertMessage("[constant, step, cosine]", () -> LrSchedules.create("linear", new ScheduleConfig()));
    assertMessage("stepSize", () -> LrSchedules.create("step", new ScheduleConfig()));
    assertMessage("decaySteps", () -> LrSchedules.create("cosine", new ScheduleConfig()));
    assertMessage("minLr", () -> LrSchedules.create("cosine",
        new ScheduleConfig().setBaseLr(0.01).setMinLr(0.1).setDecaySteps(10)));
    assertMessage("baseLr", () -> new ScheduleConfig().setBaseLr(0.0));
    assertMessage("baseLr", () -> new ScheduleConfig().setBaseLr(Double.NaN));
    assertMessage("warmupSteps", () -> new ScheduleConfig().setWarmupSteps(-1));
    assertMessage("gamma", () -> new ScheduleConfig().setGamma(1.5));
    assertMessage("gamma", () -> new ScheduleConfig().setGamma(0.0));
    assertMessage("minLr", () -> new ScheduleConfig().setMinLr(-1e-3));
  }

  static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
