package io.sparkmlp.train;

import io.sparkmlp.linalg.Blas;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the driver's log which BLAS, and which OpenBLAS kernel set, computes: the driver's own
 * at once, and on a cluster each executor host's, asked of the hosts that hold the cached
 * training partitions in one small job at the start of a fit. An executor works its answer out
 * at its first {@link Blas#describe()} (probing its host once when no launcher did), so a node
 * that runs generic kernels is named on the driver, with the setting that fixes it.
 */
final class ExecutorBlas {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorBlas.class);

  private ExecutorBlas() {}

  static void report(JavaSparkContext jsc, JavaRDD<?> cached) {
    String driver = Blas.describe();
    if (jsc.isLocal()) {
      return; // the tasks run in this JVM: the driver's line (logged by BlasKernel) is theirs
    }
    Map<String, Integer> seen = new TreeMap<>();
    for (String line : cached.mapPartitions(ExecutorBlas::describeHere).collect()) {
      seen.merge(line, 1, Integer::sum);
    }
    seen.forEach((line, partitions) -> {
      String msg = "BLAS on executor host " + line + " (" + partitions + " partition(s))";
      if (line.contains("WARNING")) {
        LOG.warn(msg);
      } else {
        LOG.info(msg);
      }
    });
    LOG.info("BLAS on the driver: {}", driver);
  }

  private static Iterator<String> describeHere(Iterator<?> ignored) {
    return List.of(SparkEnv.get().blockManager().blockManagerId().host() + ": " + Blas.describe()).iterator();
  }
}
