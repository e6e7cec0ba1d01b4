package io.sparkmlp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe on this machine's real OpenBLAS, in child JVMs, and the report a JVM gives of itself.
 * scripts/setup.sh installs OpenBLAS, so it is required here, not assumed.
 */
class KernelProbeRealTest {
  @BeforeAll
  static void openBlasIsLoaded() {
    assertTrue(Blas.isNative(), "native BLAS expected (scripts/setup.sh installs libopenblas0-pthread)");
    assertNotNull(OpenBlasLibrary.loaded(), "libblas.so.3 should be OpenBLAS");
  }

  @Test
  void theKernelsLoadedInThisJvmComputeRight() {
    assertNull(KernelTiming.check());
  }

  @Test
  void probesEveryCandidateOnceAndThenAnswersFromTheCache(@TempDir Path dir) {
    ProbeCache cache = new ProbeCache(dir);
    List<String> progress = new ArrayList<>();
    ProbeResult r = KernelProbe.probe(cache, false, progress::add);
    assertNotNull(r);
    assertTrue(!r.cached() && Files.isRegularFile(r.file()), r.describe());

    List<String> candidates = OpenBlasCores.candidates(CpuInfo.here());
    assertEquals(1 + candidates.size(), r.trials().size(), r.describe());
    assertEquals(1 + r.trials().size(), progress.size(), String.join("\n", progress));
    KernelTrial own = r.own();
    assertTrue(own.ok(), r.describe());
    assertNotNull(own.loaded(), "OPENBLAS_VERBOSE=2 names the core OpenBLAS loaded: " + r.describe());
    for (KernelTrial t : r.trials()) {
      if (t.ok()) {
        assertTrue(t.float32() > 0 && t.float64() > 0, t.describe());
        if (t.requested() != null) {
          assertTrue(OpenBlasCores.sameCore(t.requested(), t.loaded()), t.describe());
        }
      }
    }
    if (r.choice() != null) {
      assertTrue(r.gain() >= KernelProbe.MIN_GAIN, r.describe());
    }
    assertEquals(KernelProbe.choose(r.trials()), r.choice());

    ProbeResult again = KernelProbe.probe(cache, false, progress::add);
    assertTrue(again.cached());
    assertEquals(r.choice(), again.choice());
    assertEquals(r.trials(), again.trials());
    assertEquals(1 + r.trials().size(), progress.size(), "a cached answer runs no child");
  }
}
