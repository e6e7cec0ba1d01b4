package io.sparkmlp.train;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.nn.Workspace;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Per-JVM pool of {@link Workspace}s, so an executor allocates a batch's buffers once and
 * reuses them for every step. A task borrows one and gives it back when done; two tasks never
 * share one.
 */
final class WorkspaceCache {
  private record Key(Architecture arch, Precision precision, int capacity, boolean denseInput) {}

  private static final Map<Key, Queue<Workspace<?>>> POOL = new ConcurrentHashMap<>();

  private WorkspaceCache() {}

  /**
   * A workspace of {@code capacity} rows: with a dense X buffer, or without one for input that
   * arrives as {@link io.sparkmlp.nn.SparseRows} ({@code denseInput} false).
   */
  @SuppressWarnings("unchecked")
  static <A> Workspace<A> borrow(Network<A> net, int capacity, boolean denseInput) {
    Key key = new Key(net.architecture(), net.kernels().precision(), capacity, denseInput);
    Workspace<?> ws = POOL.computeIfAbsent(key, x -> new ConcurrentLinkedQueue<>()).poll();
    if (ws != null) {
      return (Workspace<A>) ws;
    }
    return denseInput ? net.newWorkspace(capacity, false) : net.newSparseWorkspace(capacity);
  }

  static <A> void giveBack(Network<A> net, Workspace<A> ws) {
    Key key = new Key(net.architecture(), net.kernels().precision(), ws.capacity(), ws.hasDenseInput());
    POOL.computeIfAbsent(key, x -> new ConcurrentLinkedQueue<>()).add(ws);
  }
}
