/**
 * The benchmark behind {@code jobs/benchmark.sh}: sparkmlp ({@link io.sparkmlp.bench.OurRuns})
 * against Spark MLlib's {@code MultilayerPerceptronClassifier} ({@link io.sparkmlp.bench.MllibRuns})
 * on one cached input, in one run ({@link io.sparkmlp.bench.BenchmarkRun}), with the step cost and
 * the report ({@link io.sparkmlp.bench.BenchReport}); and the kernel benchmark
 * ({@link io.sparkmlp.bench.KernelEfficiency}).
 */
package io.sparkmlp.bench;
