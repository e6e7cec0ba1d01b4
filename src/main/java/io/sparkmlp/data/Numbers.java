package io.sparkmlp.data;

/** Strict number parsing for the text readers. */
final class Numbers {
  private Numbers() {}

  /**
   * Parses a finite decimal number such as {@code 3}, {@code -0.5} or {@code 1e-3}.
   * Unlike {@link Double#parseDouble}, rejects {@code NaN}, {@code Infinity}, hexadecimal and the
   * Java suffixes {@code d}/{@code f}.
   *
   * @return the value, or {@link Double#NaN} when {@code token} is not such a number
   */
  static double parseFinite(String token) {
    int n = token.length();
    if (n == 0) {
      return Double.NaN;
    }
    char last = token.charAt(n - 1);
    if (!(last >= '0' && last <= '9') && last != '.') {
      return Double.NaN;
    }
    if (token.indexOf('x') >= 0 || token.indexOf('X') >= 0) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(token);
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * Parses a decimal int such as {@code 12}; a sign is allowed.
   *
   * @return the value, or {@code Long.MIN_VALUE} when {@code token} is not an int
   */
  static long parseInt(String token) {
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }
}
