package io.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The builder sets each component by name and refuses to build with one missing. */
class StepInfoTest {
  @Test
  void everyComponentLandsWhereItsNameSays() {
    double[] norms = {0.5, 0.25};
    StepInfo s = StepInfo.builder()
        .epoch(2).maxEpochs(3).step(4).stepsPerEpoch(5).globalStep(9)
        .rows(6).loss(0.7).gradNorm(0.8).layerGradNorms(norms).learningRate(0.9)
        .broadcastMillis(10).jobMillis(11).computeMillis(12).aggregationMillis(13).updateMillis(14)
        .build();
    assertEquals(new StepInfo(2, 3, 4, 5, 9, 6, 0.7, 0.8, norms, 0.9, 10, 11, 12, 13, 14), s);
    assertSame(norms, s.layerGradNorms(), "kept by reference");
    assertEquals(10 + 11 + 14, s.stepMillis());
  }

  @Test
  void aMissingComponentIsNamed() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> StepInfo.builder()
        .epoch(1).maxEpochs(1).step(1).stepsPerEpoch(1).globalStep(1)
        .rows(1).loss(1).layerGradNorms(new double[] {1}).learningRate(1)
        .broadcastMillis(1).jobMillis(1).computeMillis(1).updateMillis(1)
        .build());
    assertEquals("StepInfo: expected all 15 components set, missing gradNorm, aggregationMillis", e.getMessage());
  }
}
