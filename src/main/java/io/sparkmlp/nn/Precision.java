package io.sparkmlp.nn;

import java.util.Locale;

/** The number format of parameters, activations and gradients on the executors. */
public enum Precision {
  FLOAT32("float32"),
  FLOAT64("float64");

  private final String id;

  Precision(String id) {
    this.id = id;
  }

  /** {@code "float32"} or {@code "float64"}. */
  public String id() {
    return id;
  }

  /** The engine kernels of this precision. */
  public Kernels<?> kernels() {
    return this == FLOAT32 ? Kernels.F32 : Kernels.F64;
  }

  /** Bytes per element. */
  public int bytes() {
    return this == FLOAT32 ? 4 : 8;
  }

  public static Precision fromName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Precision p : values()) {
      if (p.id.equals(key)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown precision '" + name + "'; expected float32 or float64");
  }
}
