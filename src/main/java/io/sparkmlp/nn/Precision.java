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

  /**
   * The engine kernels of this precision: where a configured name becomes a type. The element
   * type is not known here, so it is a wildcard; pass the result to a method generic in
   * {@code A} (a {@code <A> … (Kernels<A> k, …)} parameter binds it) and carry that
   * {@code Kernels<A>} from there on, instead of this enum and a cast.
   */
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
