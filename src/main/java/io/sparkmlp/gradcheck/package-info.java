/**
 * Checks of the closed-form gradients of {@link io.sparkmlp.nn}, in float64, without Spark.
 *
 * <ul>
 *   <li>{@link io.sparkmlp.gradcheck.FiniteDifference}: central differences of the mean loss L
 *       with respect to θ, X, the loss input Y or the last pre-activation Z, and the one
 *       agreement measure used here, rel(a, n) = max|a − n| / max(max|a|, max|n|, tiny) per
 *       tensor, with tolerance 1e-6;
 *   <li>{@link io.sparkmlp.gradcheck.SeedExperiment}: the seed's experiment (B = 32, 128 → 27,
 *       tanh, cross-entropy) against finite differences, and its figure;
 *   <li>{@link io.sparkmlp.gradcheck.ReferenceCase} and {@link io.sparkmlp.gradcheck.ReferenceCheck}:
 *       the engine against tensors that PyTorch autograd computed, read from
 *       {@link io.sparkmlp.gradcheck.Npy .npy} files;
 *   <li>{@link io.sparkmlp.gradcheck.Comparison}: the seed's table row
 *       {@code name | exact | approx | maxdiff}, approx being allclose(rtol 1e-5, atol 1e-8).
 * </ul>
 */
package io.sparkmlp.gradcheck;
