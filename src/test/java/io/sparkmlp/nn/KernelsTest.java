package io.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class KernelsTest {
  @Test
  void eachPrecisionNamesItsKernelsAndBack() {
    assertSame(Kernels.F32, Precision.FLOAT32.kernels());
    assertSame(Kernels.F64, Precision.FLOAT64.kernels());
    for (Precision p : Precision.values()) {
      assertSame(p, p.kernels().precision());
    }
  }

  /** Spark functions hold a Kernels and Java-serialize it: it must come back as the singleton. */
  @Test
  void deserializesToTheSameInstance() throws IOException, ClassNotFoundException {
    assertSame(Kernels.F32, roundTrip(Kernels.F32));
    assertSame(Kernels.F64, roundTrip(Kernels.F64));
  }

  private static Object roundTrip(Object o) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }
}
