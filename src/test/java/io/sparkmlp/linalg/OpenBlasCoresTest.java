package io.sparkmlp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The candidate kernel sets for recorded {@code /proc/cpuinfo} texts (src/test/resources/cpuinfo). */
class OpenBlasCoresTest {

  private static CpuInfo cpu(String file) throws IOException {
    try (InputStream in = OpenBlasCoresTest.class.getResourceAsStream("/cpuinfo/" + file)) {
      return CpuInfo.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theXeonModel207GetsAvx512KernelsFirst() throws IOException {
    CpuInfo xeon = cpu("intel-xeon-family6-model207.txt");
    assertEquals("GenuineIntel", xeon.vendor());
    assertEquals(6, xeon.family());
    assertEquals(207, xeon.model());
    assertEquals("Intel(R) Xeon(R) Processor (GenuineIntel family 6 model 207)", xeon.describe());
    assertTrue(xeon.has("avx512f", "avx512_bf16"));
    assertEquals(List.of("SkylakeX", "Haswell", "Sandybridge"), OpenBlasCores.candidates(xeon));
  }

  @Test
  void anAvx2OnlyIntelGetsNoAvx512Kernel() throws IOException {
    CpuInfo haswell = cpu("intel-xeon-e5-2673-v3-haswell.txt");
    assertEquals(63, haswell.model());
    assertEquals(List.of("Haswell", "Sandybridge", "Nehalem"), OpenBlasCores.candidates(haswell));
  }

  @Test
  void onlyTheFirstProcessorBlockIsRead() throws IOException {
    CpuInfo haswell = cpu("intel-xeon-e5-2673-v3-haswell.txt");
    assertEquals("Intel(R) Xeon(R) CPU E5-2673 v3 @ 2.40GHz", haswell.modelName());
    assertFalse(haswell.flags().isEmpty());
  }

  @Test
  void amdZenGetsZenKernelsAndAvx512OnlyWhereItHasIt() throws IOException {
    CpuInfo zen2 = cpu("amd-epyc-7b12-zen2.txt");
    assertTrue(zen2.isAmd());
    assertEquals(List.of("Zen", "Haswell", "Sandybridge"), OpenBlasCores.candidates(zen2));
    CpuInfo zen4 = cpu("amd-epyc-9b14-zen4.txt");
    assertEquals(List.of("SkylakeX", "Zen", "Haswell"), OpenBlasCores.candidates(zen4));
  }

  @Test
  void aCpuWithoutSse2OrWithoutCpuinfoGetsNoCandidate() {
    assertEquals(List.of(), OpenBlasCores.candidates(null));
    assertEquals(List.of(), OpenBlasCores.candidates(CpuInfo.parse("vendor_id : ARM\nflags : fp asimd\n")));
    CpuInfo old = new CpuInfo("GenuineIntel", 15, 4, "Pentium 4", Set.of("sse", "sse2", "pni"));
    assertEquals(List.of(), OpenBlasCores.candidates(old));
  }

  @Test
  void namesCompareAsOpenBlasComparesThem() {
    assertTrue(OpenBlasCores.sameCore("SKYLAKEX", "SkylakeX"));
    assertFalse(OpenBlasCores.sameCore("Cooperlake", "SkylakeX"));
    assertFalse(OpenBlasCores.sameCore("Haswell", null));
    assertTrue(OpenBlasCores.isGeneric("Prescott"));
    assertFalse(OpenBlasCores.isGeneric("Haswell"));
  }
}
