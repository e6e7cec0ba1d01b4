package io.sparkmlp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a JVM reports its kernel, for each way OPENBLAS_CORETYPE can have come to be (or not). */
class BlasKernelTest {
  @BeforeAll
  static void openBlasIsLoaded() {
    assertTrue(Blas.isNative(), "native BLAS expected (scripts/setup.sh installs libopenblas0-pthread)");
  }

  /** A cache holding a result for this host, CPU and library, as a probe here would write it. */
  private static ProbeCache cacheWith(Path dir, String choice) {
    ProbeCache cache = new ProbeCache(dir);
    String key = ProbeCache.key(CpuInfo.here(), OpenBlasLibrary.loaded());
    List<KernelTrial> trials = List.of(new KernelTrial(null, "Prescott", "ok", 30.0, 15.0, ""),
        new KernelTrial("SkylakeX", "SkylakeX", "ok", 150.0, 60.0, ""));
    cache.write(new ProbeResult(key, "a test CPU", "libopenblas", trials, choice, cache.file(key), false));
    return cache;
  }

  @Test
  void aValueTheUserSetIsKeptAndNotProbed(@TempDir Path dir) {
    ProbeCache empty = new ProbeCache(dir);
    BlasKernel.Report r = BlasKernel.detect(Map.of("OPENBLAS_CORETYPE", "Haswell"), true, () -> empty);
    assertEquals("Haswell", r.kernel());
    assertEquals("environment", r.source());
    assertEquals("kernel Haswell (OPENBLAS_CORETYPE set in the environment, kept)", r.detail());
    assertNull(r.warning());
    assertEquals(0, dir.toFile().list().length, "nothing probed, nothing cached");
  }

  @Test
  void aValueTheLauncherChoseIsReportedWithTheProbesFigures(@TempDir Path dir) {
    ProbeCache cache = cacheWith(dir, "SkylakeX");
    BlasKernel.Report r = BlasKernel.detect(
        Map.of("OPENBLAS_CORETYPE", "SkylakeX", BlasKernel.LAUNCHER_MARK, "SkylakeX"), true, () -> cache);
    assertEquals("sparkmlp probe", r.source());
    assertEquals("kernel SkylakeX (OPENBLAS_CORETYPE, chosen by sparkmlp's probe: 150.0 GFLOP/s float32"
        + " and 60.0 float64, against 30.0 and 15.0 for OpenBLAS's own Prescott)", r.detail());
    assertNull(r.warning());
  }

  @Test
  void aMarkThatDoesNotMatchTheValueMeansTheUserChangedIt(@TempDir Path dir) {
    ProbeCache cache = cacheWith(dir, "SkylakeX");
    BlasKernel.Report r = BlasKernel.detect(
        Map.of("OPENBLAS_CORETYPE", "Haswell", BlasKernel.LAUNCHER_MARK, "SkylakeX"), true, () -> cache);
    assertEquals("environment", r.source());
  }

  @Test
  void withoutAValueAGenericKernelIsWarnedAboutWithTheSettingToAdd(@TempDir Path dir) {
    ProbeCache cache = cacheWith(dir, "SkylakeX");
    BlasKernel.Report r = BlasKernel.detect(Map.of(), true, () -> cache);
    assertEquals("Prescott", r.kernel());
    assertEquals("OpenBLAS auto-detection", r.source());
    assertTrue(r.warning().startsWith("OpenBLAS runs its generic Prescott kernels on this a test CPU;"
        + " SkylakeX is 4.5x faster here (150.0 GFLOP/s float32 and 60.0 float64"), r.warning());
    assertTrue(r.warning().contains("--conf spark.executorEnv.OPENBLAS_CORETYPE=SkylakeX"), r.warning());
  }

  @Test
  void withoutAValueAndNoBetterKernelThereIsNoWarning(@TempDir Path dir) {
    ProbeCache cache = cacheWith(dir, null);
    BlasKernel.Report r = BlasKernel.detect(Map.of(), true, () -> cache);
    assertEquals("Prescott", r.kernel());
    assertNull(r.warning());
    assertEquals("kernel Prescott (chosen by OpenBLAS itself; the probe found none faster, 30.0 GFLOP/s float32)",
        r.detail());
  }

  @Test
  void probingCanBeTurnedOff(@TempDir Path dir) {
    ProbeCache empty = new ProbeCache(dir);
    BlasKernel.Report r = BlasKernel.detect(Map.of(), false, () -> empty);
    assertNull(r.kernel());
    assertNull(r.warning());
    assertEquals(0, dir.toFile().list().length);
  }

  @Test
  void thisJvmsLineNamesItsKernel() {
    String line = Blas.describe();
    assertTrue(line.startsWith("native OpenBLAS through JNI (dev.ludovic.netlib JNIBLAS), kernel "), line);
  }
}
