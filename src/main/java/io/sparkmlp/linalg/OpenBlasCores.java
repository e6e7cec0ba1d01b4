package io.sparkmlp.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which of OpenBLAS's x86-64 kernel sets ({@code OPENBLAS_CORETYPE} values) a CPU can run, from
 * its instruction-set flags alone. OpenBLAS picks one itself when it loads, from the CPU's model
 * number; a model newer than the library is not in its table, and it falls back to its generic
 * {@code Prescott} kernels (Debian's 0.3.21 on Intel family 6 model 207, measured 7× slower). The
 * list here is what {@link KernelProbe} tries: every candidate still has to compute right and be
 * timed before it is chosen, so a flag set that over-promises costs a rejected candidate, never a
 * wrong result.
 */
public final class OpenBlasCores {
  /** How many candidates the probe times at most, best first: each one is a child JVM. */
  public static final int MAX_CANDIDATES = 3;

  /** OpenBLAS's fallback kernels, for CPUs it does not know. */
  public static final Set<String> GENERIC = Set.of("Prescott", "Katmai", "Coppermine", "Northwood", "Banias");

  private static final String[] AVX512_SKX = {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"};

  private OpenBlasCores() {}

  /**
   * The kernel sets this CPU's flags allow, fastest first, at most {@link #MAX_CANDIDATES}; empty
   * when the CPU is not x86-64 (no {@code sse2}) or has nothing beyond the generic kernels.
   * {@code Cooperlake} and {@code SapphireRapids} are left out: OpenBLAS 0.3.21 does not accept
   * either name in {@code OPENBLAS_CORETYPE} (it prints "Core not found" and detects by itself).
   */
  public static List<String> candidates(CpuInfo cpu) {
    List<String> out = new ArrayList<>();
    if (cpu == null || !cpu.has("sse2")) {
      return out;
    }
    if (cpu.has(AVX512_SKX)) {
      out.add("SkylakeX");
    }
    if (cpu.has("avx2", "fma")) {
      out.add(cpu.isAmd() ? "Zen" : "Haswell");
      if (cpu.isAmd()) {
        out.add("Haswell");
      }
    }
    if (cpu.has("avx")) {
      out.add("Sandybridge");
    }
    if (cpu.has("sse4_2")) {
      out.add("Nehalem");
    }
    if (cpu.has("ssse3")) {
      out.add("Core2");
    }
    return out.subList(0, Math.min(MAX_CANDIDATES, out.size()));
  }

  /** True for OpenBLAS's fallback kernel sets ({@code Prescott} and older). */
  public static boolean isGeneric(String core) {
    return core != null && GENERIC.stream().anyMatch(g -> g.equalsIgnoreCase(core));
  }

  /** True when OpenBLAS, told {@code requested}, loaded {@code loaded}: its names ignore case. */
  public static boolean sameCore(String requested, String loaded) {
    return requested != null && loaded != null
        && requested.toLowerCase(Locale.ROOT).equals(loaded.toLowerCase(Locale.ROOT));
  }
}
