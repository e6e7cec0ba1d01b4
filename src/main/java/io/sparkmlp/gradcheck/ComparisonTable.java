package io.sparkmlp.gradcheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The rows of one gradient check, in order. It passes when every row is approx. Immutable. */
public final class ComparisonTable {
  private final List<Comparison> rows;

  public ComparisonTable(List<Comparison> rows) {
    this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
  }

  public List<Comparison> rows() { return rows; }

  /** The row named {@code name}; throws if there is none. */
  public Comparison row(String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row '" + name + "' in " + names(rows)));
  }

  /** True when every row is approx (allclose). */
  public boolean passed() {
    return rows.stream().allMatch(Comparison::approx);
  }

  /** The names of the rows that are not approx, in table order. */
  public List<String> failing() {
    return names(rows.stream().filter(r -> !r.approx()).toList());
  }

  /** The largest maxdiff over all rows (NaN if any row's is NaN). */
  public double largestDiff() {
    double m = 0;
    for (Comparison r : rows) {
      m = Double.isNaN(r.maxdiff()) || Double.isNaN(m) ? Double.NaN : Math.max(m, r.maxdiff());
    }
    return m;
  }

  /** The row with the largest maxdiff. */
  public Comparison worst() {
    Comparison w = rows.get(0);
    for (Comparison r : rows) {
      if (Double.isNaN(r.maxdiff()) || r.maxdiff() > w.maxdiff()) {
        w = r;
      }
    }
    return w;
  }

  /** One line per row in the seed's format, names padded to a common width (at least 3, as in the seed). */
  public String format() {
    int width = 3;
    for (Comparison r : rows) {
      width = Math.max(width, r.name().length());
    }
    StringBuilder sb = new StringBuilder();
    for (Comparison r : rows) {
      sb.append(r.format(width)).append('\n');
    }
    return sb.toString();
  }

  private static List<String> names(List<Comparison> rs) {
    return rs.stream().map(Comparison::name).toList();
  }
}
