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
  private record Key(Architecture arch, Precision precision, int capacity) {}

  private static final Map<Key, Queue<Workspace<?>>> POOL = new ConcurrentHashMap<>();

  private WorkspaceCache() {}

  @SuppressWarnings("unchecked")
  static <A> Workspace<A> borrow(Network<A> net, int capacity) {
    Key key = new Key(net.architecture(), net.kernels().precision(), capacity);
    Workspace<?> ws = POOL.computeIfAbsent(key, x -> new ConcurrentLinkedQueue<>()).poll();
    return ws != null ? (Workspace<A>) ws : net.newWorkspace(capacity, false);
  }

  static <A> void giveBack(Network<A> net, Workspace<A> ws) {
    Key key = new Key(net.architecture(), net.kernels().precision(), ws.capacity());
    POOL.computeIfAbsent(key, x -> new ConcurrentLinkedQueue<>()).add(ws);
  }
}
