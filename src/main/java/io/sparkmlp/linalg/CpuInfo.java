package io.sparkmlp.linalg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code /proc/cpuinfo} says of the first processor: vendor, family, model, model name and
 * instruction-set flags. All processors of one Linux host report the same flags, so the first
 * one stands for the host.
 *
 * @param vendor e.g. {@code GenuineIntel}, {@code AuthenticAMD}; empty when not given
 * @param family the {@code cpu family} number, or −1
 * @param model the {@code model} number, or −1
 * @param modelName e.g. {@code Intel(R) Xeon(R) Processor}; empty when not given
 * @param flags the {@code flags} words, e.g. {@code avx2}, {@code avx512f}
 */
public record CpuInfo(String vendor, int family, int model, String modelName, Set<String> flags) {
  public static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");

  public CpuInfo {
    flags = Set.copyOf(flags);
  }

  /** The first processor of {@code text} in {@code /proc/cpuinfo} format; missing fields stay empty. */
  public static CpuInfo parse(String text) {
    String vendor = "", name = "";
    int family = -1, model = -1;
    Set<String> flags = new TreeSet<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (line.isBlank() && !flags.isEmpty()) {
        break; // the end of the first processor's block
      }
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "vendor_id" -> vendor = value;
        case "cpu family" -> family = parseInt(value);
        case "model" -> model = parseInt(value);
        case "model name" -> name = value;
        case "flags" -> flags.addAll(Arrays.asList(value.split("\\s+")));
        default -> { }
      }
    }
    return new CpuInfo(vendor, family, model, name, flags);
  }

  /** This host's processor, or null where there is no {@code /proc/cpuinfo} (not Linux). */
  public static CpuInfo here() {
    try {
      return Files.isReadable(PROC_CPUINFO) ? parse(Files.readString(PROC_CPUINFO)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  public boolean has(String... wanted) {
    return flags.containsAll(Arrays.asList(wanted));
  }

  public boolean isAmd() {
    return vendor.equals("AuthenticAMD") || vendor.equals("HygonGenuine");
  }

  /** For people, e.g. {@code Intel(R) Xeon(R) Processor (GenuineIntel family 6 model 207)}. */
  public String describe() {
    return (modelName.isEmpty() ? "unknown CPU" : modelName)
        + " (" + vendor + " family " + family + " model " + model + ")";
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
