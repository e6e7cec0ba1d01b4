package io.sparkmlp.train;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * What a task needs to hold θ of one version: a full broadcast of θ at {@code baseVersion}, and
 * the row deltas that lead from it to {@code version}, one broadcast per step
 * ({@code deltas[i]} makes version baseVersion + 1 + i). Small: it carries handles, and an
 * executor fetches only the broadcasts its copy lacks ({@link ThetaCache}).
 */
final class ThetaRef<A> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The rows of θ that one step changed: rows {@code rows0} (sorted) of W₀ and all after W₀. */
  static final class Delta<A> implements Serializable {
    private static final long serialVersionUID = 1L;
    final int[] rows0;
    /** rows0.length × h, row-major: the new values of those rows of W₀. */
    final A rows;
    /** θ[d·h, n), everything after W₀. */
    final A tail;

    Delta(int[] rows0, A rows, A tail) {
      this.rows0 = rows0;
      this.rows = rows;
      this.tail = tail;
    }
  }

  /** The channel (one per fit) whose versions these are; an executor's copies are keyed by it. */
  final long channel;
  final long version;
  final long baseVersion;
  final Broadcast<A> base;
  final Broadcast<Delta<A>>[] deltas;
  /** W₀'s shape, d × h. */
  final int d;
  final int h;

  ThetaRef(long channel, long version, long baseVersion, Broadcast<A> base, Broadcast<Delta<A>>[] deltas,
      int d, int h) {
    if (version != baseVersion + deltas.length) {
      throw new IllegalArgumentException("version " + version + " is not base " + baseVersion + " + "
          + deltas.length + " deltas");
    }
    this.channel = channel;
    this.version = version;
    this.baseVersion = baseVersion;
    this.base = base;
    this.deltas = deltas;
    this.d = d;
    this.h = h;
  }

  /** θ as one full broadcast, with no history (tests, and callers that broadcast θ themselves). */
  @SuppressWarnings("unchecked")
  static <A> ThetaRef<A> full(Broadcast<A> theta) {
    return new ThetaRef<>(-1, 0, 0, theta, new Broadcast[0], 0, 0);
  }
}
