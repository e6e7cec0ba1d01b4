/**
 * Driver-side optimisation: update rules, learning-rate schedules and gradient clipping.
 *
 * <p>Pure Java: this package depends on nothing outside {@code java.*}. Its state (velocity,
 * Adam moments, step counter) lives in flat {@code double[]} arrays on the driver and is never
 * shipped to executors.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>{@code theta} is the model's one flat parameter array (every layer's W, then b,
 *       concatenated). The optimizer does not know the layout; the only layout fact it needs,
 *       which indices receive weight decay, comes in as {@link io.sparkmlp.optim.DecayRanges}.</li>
 *   <li>{@code grad} has the same length and layout and always means ∂L/∂θ, already divided by the
 *       batch size (the driver normalises once before calling in here).</li>
 *   <li>Every update has the form θ ← θ − η·(something). No sign is flipped inside a helper.</li>
 * </ul>
 *
 * <h2>Order of use, once per step t = 0, 1, 2, …</h2>
 * <pre>{@code
 * double lr   = schedule.lr(t);                                   // LrSchedule, pure in t
 * double norm = GradientClipping.clipGlobalNorm(grad, maxNorm);   // grad scaled in place
 * if (!Double.isFinite(norm)) { ... diverged: stop, grad and theta untouched ... }
 * optimizer.step(theta, grad, lr);                                // theta updated in place
 * }</pre>
 *
 * <p>For checkpoints, {@link io.sparkmlp.optim.Optimizer#snapshot()} and
 * {@link io.sparkmlp.optim.Optimizer#restore(OptimizerState)} give bit-identical continuation,
 * provided the restored optimizer was created with the same name, configuration and decay ranges
 * ({@link io.sparkmlp.optim.OptimizerConfig#toMap()} helps save the configuration).
 */
package io.sparkmlp.optim;
