package io.sparkmlp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The step cost model's arithmetic, on parameters given by hand (no timing). */
class CostModelTest {
  private static final long MIB = 1 << 20;
  private static final CostModel.Params P = new CostModel.Params("test", 1, 5.0, 0.5, 10.0, 1.0, 2.0, 0.25,
      0.0, "by hand");

  @Test
  void overheadIsJobTasksBroadcastAndCombine() {
    // 5 + 2·0.5 + 1 MiB·2 + 2 partials · 1 MiB · (1 + 0.25), depth 1 on one executor
    assertEquals(10.5, CostModel.overheadMillis(P, 2, 1, MIB / 4, 4, CostModel.LOOPBACK), 1e-12);
    // on 10 GbE a MiB takes 0.839 ms, less than the measured 1 ms/MiB: the measured cost stands
    assertEquals(10.5, CostModel.overheadMillis(P, 2, 1, MIB / 4, 4, CostModel.TEN_GBE), 1e-12);
    // a link slower than the measured costs takes over: at 10^5 bytes/ms a MiB takes 10.49 ms
    double slow = CostModel.overheadMillis(P, 2, 1, MIB / 4, 4, 1.0e5);
    assertEquals(5 + 1 + 10.48576 + 2 * (10.48576 + 0.25), slow, 1e-9);
  }

  @Test
  void theDriversUpdateScalesWithTheParameters() {
    CostModel.Params withDriver = new CostModel.Params("test", 1, 5.0, 0.5, 10.0, 1.0, 2.0, 0.25, 3.0, "by hand");
    // 3 ms per 1M parameters on top: 262,144 parameters add 0.786 ms
    assertEquals(10.5 + 3.0 * 0.262144, CostModel.overheadMillis(withDriver, 2, 1, MIB / 4, 4, CostModel.LOOPBACK),
        1e-12);
  }

  @Test
  void projectionsScaleTheBatchWithTheExecutors() {
    List<CostModel.Projection> pr = CostModel.project(P, 266_610, 0.02, 2, 512, 1, 8);
    assertEquals(1024, pr.get(0).batch());
    assertEquals(8 * 1024, pr.get(1).batch());
    assertEquals(1.0, pr.get(0).efficiency(), 1e-12, "one executor against itself");
    assertTrue(pr.get(1).efficiency() < 1.0, "overhead grows with P: " + pr.get(1));
    assertEquals(512 * 0.02, pr.get(1).computeMs(), 1e-12);
  }
}
