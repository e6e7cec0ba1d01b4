package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.report.ConsoleProgress;
import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.ValidationCheck;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The console progress of the train job: in-place bars on a terminal, ~10 lines per epoch in logs. */
class ConsoleProgressTest {
  /** A step of 32 rows at the given position with the given loss, in a run of 2 epochs. */
  private static StepInfo step(int epoch, int step, int steps, long globalStep, double loss) {
    return StepInfo.builder()
        .epoch(epoch).maxEpochs(2).step(step).stepsPerEpoch(steps).globalStep(globalStep)
        .rows(32).loss(loss).gradNorm(1).layerGradNorms(new double[] {1}).learningRate(1e-3)
        .broadcastMillis(1).jobMillis(10).computeMillis(5).aggregationMillis(2).updateMillis(1)
        .build();
  }

  private static String drive(boolean interactive, int steps) {
    StringWriter sw = new StringWriter();
    ConsoleProgress p = new ConsoleProgress(new PrintWriter(sw, true), interactive);
    p.onStart("a network");
    for (int epoch = 1; epoch <= 2; epoch++) {
      for (int s = 1; s <= steps; s++) {
        p.onStep(step(epoch, s, steps, (epoch - 1L) * steps + s, 1.0 / s));
      }
      p.onEpoch(new EpochRecord(epoch, steps, 0.5, 0.9, 0.6, 0.88, Double.NaN, 1000, 12, 2.5, 1e-3, 0));
    }
    return sw.toString();
  }

  @Test
  void plainLinesAboutEveryTenthOfAnEpochWhenNotOnATerminal() {
    String out = drive(false, 95);
    assertFalse(out.contains("\r"));
    long lines = out.lines().filter(l -> l.startsWith("epoch 1/2 ") && l.contains(" samples/s  ETA ")).count();
    assertEquals(10, lines, out);
    assertTrue(out.contains("epoch 1/2 100% 95/95  loss "), out);
    assertTrue(out.contains("epoch 2/2: train loss 0.5000 acc 90.00% | validation loss 0.6000 acc 88.00%"
        + " | 1,000 samples/s | 2.5 s"), out);
  }

  @Test
  void oneRedrawnBarPerEpochOnATerminal() {
    String out = drive(true, 20);
    assertEquals(40, out.chars().filter(c -> c == '\r').count(), "one redraw per step");
    assertTrue(out.contains("\repoch 1/2 [========================] 20/20  loss "), out);
    assertEquals(5, out.chars().filter(c -> c == '\n').count(),
        "newlines: the start line, then per epoch one ending the bar and one after the summary: " + out);
  }

  @Test
  void aMidEpochValidationGetsItsOwnLineAfterTheBar() {
    StringWriter sw = new StringWriter();
    ConsoleProgress p = new ConsoleProgress(new PrintWriter(sw, true), true);
    p.onStart("a network");
    p.onStep(step(1, 1, 4, 1, 0.5));
    p.onValidation(new ValidationCheck(1, 1, 4, 1, 0.25, 0.9375, Double.NaN));
    p.onStep(step(1, 2, 4, 2, 0.5));
    assertTrue(sw.toString().contains("1/4  loss 0.5000"), sw.toString());
    assertTrue(java.util.regex.Pattern.compile("\nepoch 1/2, step 1/4: validation loss 0\\.2500 acc 93\\.75%"
        + " \\(after \\d+\\.\\d\\d s of training\\)\n\repoch 1/2 \\[").matcher(sw.toString()).find(), sw.toString());
    p.onValidation(new ValidationCheck(1, 2, 4, 2, 0.125, Double.NaN, 0.35));
    assertTrue(sw.toString().matches("(?s).*epoch 1/2, step 2/4: validation loss 0\\.1250 rmse 0\\.3500"
        + " \\(after \\d+\\.\\d\\d s of training\\)\n"), sw.toString());
  }

  private static String out(StringWriter sw) {
    return sw.toString();
  }
}
