/**
 * The benchmark behind {@code jobs/benchmark.sh}: sparkmlp ({@link io.sparkmlp.bench.OurRuns})
 * against Spark MLlib's {@code MultilayerPerceptronClassifier} ({@link io.sparkmlp.bench.MllibRuns})
 * on one cached input, in one run ({@link io.sparkmlp.bench.BenchmarkRun}), with the step cost and
 * the report ({@link io.sparkmlp.bench.BenchReport}); the sparse section on text
 * ({@link io.sparkmlp.bench.SparseRuns}: ours against MLlib's LogisticRegression, MLlib's MLP in a
 * child JVM ({@link io.sparkmlp.bench.MllibSparseMlp}), the step cost by width and the heap
 * ({@link io.sparkmlp.bench.HeapWatch}), reported by {@link io.sparkmlp.bench.SparseReport}); and
 * the kernel benchmark ({@link io.sparkmlp.bench.KernelEfficiency}).
 */
package io.sparkmlp.bench;
