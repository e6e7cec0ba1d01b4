package io.sparkmlp.bench;

import io.sparkmlp.bench.PassFixture;
import io.sparkmlp.nn.Precision;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one forward+backward pass over B = 1024 rows of 784-1024-1024-10 (ReLU hidden,
 * cross-entropy) in float32 and float64 ({@code pass}), and the same pass's GEMMs alone
 * ({@code gemms}: per layer X·W, Xᵀ·dZ and dZ·Wᵀ, i.e. 6·B·Σ in·out FLOPs). Run with
 * {@code scripts/bench-kernels.sh --jmh} or
 * {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath) org.openjdk.jmh.Main KernelBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelBench {
  @Param({"784-1024-1024-10"})
  public String layers;

  @Param({"float32", "float64"})
  public String precision;

  @Param({"1024"})
  public int batch;

  private PassFixture<?> fixture;

  @Setup
  public void setup() {
    fixture = PassFixture.create(layers, Precision.fromName(precision), batch, 1);
  }

  /** Zero the gradient, forward, cross-entropy, backward (with dX of the first layer). */
  @Benchmark
  public double pass() {
    return fixture.pass();
  }

  /** The pass's GEMMs alone, for the same shapes. */
  @Benchmark
  public void gemms() {
    fixture.gemms();
  }
}
