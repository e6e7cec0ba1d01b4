package io.sparkmlp.train;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Workspace;

/** Copies chosen rows of a packed partition into a workspace's X and targets. */
final class RowGather {
  private RowGather() {}

  /**
   * ws.x[i, :] ← p.x[rows[from + i], :] and the matching label or target row, for i &lt; n.
   */
  static <A> void gather(Kernels<A> k, PackedPartition<A> p, int[] rows, int from, int n,
      Workspace<A> ws) {
    int d = p.cols;
    for (int i = 0; i < n; i++) {
      int r = rows[from + i];
      k.copy(p.x, r * d, ws.x, i * d, d);
      if (p.labels != null) {
        ws.labels[i] = p.labels[r];
      } else {
        k.copy(p.targets, r * p.outputs, ws.targets, i * p.outputs, p.outputs);
      }
    }
  }
}
