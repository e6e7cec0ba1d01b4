package io.sparkmlp.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedExperimentTest {
  @TempDir Path tmp;

  @Test
  void everyRowIsApproxAndWithinTheRelativeTolerance() {
    for (long seed : new long[] {SeedExperiment.DEFAULT_SEED, 1, 2}) {
      SeedExperiment.Result r = SeedExperiment.run(seed);
      String report = r.report();
      assertEquals(List.of("y", "z", "x", "w", "b"),
          r.table().rows().stream().map(Comparison::name).toList());
      assertTrue(r.table().passed(), report);
      r.relativeErrors().forEach((k, v) ->
          assertTrue(v <= FiniteDifference.TOLERANCE, k + " relative error " + v + "\n" + report));
      assertTrue(r.passed(), report);
    }
  }

  @Test
  void rowsOfTheLogitGradientSumToZero() {
    SeedExperiment.Result r = SeedExperiment.run(7);
    assertTrue(r.meanAbsRowSum() <= SeedExperiment.ROW_SUM_TOLERANCE, "mean |row sum| " + r.meanAbsRowSum());
    // and the gradient is not trivially zero: each row holds p_t − 1 < 0 at the label
    for (int b = 0; b < SeedExperiment.B; b++) {
      assertTrue(r.dy()[b * SeedExperiment.N + r.labels()[b]] < 0, "row " + b);
    }
  }

  @Test
  void theSameSeedGivesTheSameExperiment() {
    SeedExperiment.Result a = SeedExperiment.run(11);
    SeedExperiment.Result b = SeedExperiment.run(11);
    assertEquals(a.loss(), b.loss());
    assertEquals(a.table().format(), b.table().format());
  }

  @Test
  void figureIsAPngOfTheRequestedSize() throws IOException {
    Path png = tmp.resolve("sub/gradcheck-seed.png");
    SeedExperiment.writeFigure(SeedExperiment.run(SeedExperiment.DEFAULT_SEED), png, 1200, 600);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1200, img.getWidth());
    assertEquals(600, img.getHeight());
    // the right panel's −1 cells are black and its 0 cells white: the image is not blank
    boolean black = false;
    boolean white = false;
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = img.getWidth() / 2; x < img.getWidth(); x += 3) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        black |= rgb == 0;
        white |= rgb == 0xffffff;
      }
    }
    assertTrue(black && white, "expected black and white cells in the one-hot panel");
  }
}
