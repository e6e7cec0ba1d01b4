package io.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErfTest {
  @Test
  void matchesReferenceValues() {
    // reference values from mpmath at 30 digits, rounded to double
    assertEquals(0.0, Erf.erf(0.0), 0);
    assertEquals(0.1124629160182849, Erf.erf(0.1), 3e-16);
    assertEquals(0.5204998778130465, Erf.erf(0.5), 3e-16);
    assertEquals(0.8427007929497149, Erf.erf(1.0), 3e-16);
    assertEquals(-0.9953222650189527, Erf.erf(-2.0), 1e-15);
    assertEquals(0.9999779095030014, Erf.erf(3.0), 1e-15);
    assertEquals(2.209049699858544e-05, Erf.erfc(3.0), 1e-19);
    assertEquals(1.5374597944280349e-12, Erf.erfc(5.0), 1e-26);
    assertEquals(1.9999999999984625, Erf.erfc(-5.0), 1e-15);
    assertEquals(0.0, Erf.erfc(30.0), 0);
  }

  @Test
  void agreesWithCommonsMathAcrossTheRange() {
    double worst = 0;
    for (double x = -6; x <= 6; x += 0.0137) {
      worst = Math.max(worst, Math.abs(Erf.erf(x) - org.apache.commons.math3.special.Erf.erf(x)));
    }
    assertEquals(0.0, worst, 2e-15);
  }

  @Test
  void normalCdfIsSymmetric() {
    for (double z = -8; z <= 8; z += 0.25) {
      assertEquals(1.0, Erf.normalCdf(z) + Erf.normalCdf(-z), 1e-15, "z=" + z);
    }
  }
}
