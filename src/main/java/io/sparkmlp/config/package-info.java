/**
 * The train job's configuration: its keys ({@link io.sparkmlp.config.TrainKeys}: the training
 * settings of {@link io.sparkmlp.train.Hyperparams} among the job's own keys), config files
 * ({@link io.sparkmlp.config.ConfigFile}), where each value came from
 * ({@link io.sparkmlp.config.Setting}), and the effective, checked configuration of one run
 * ({@link io.sparkmlp.config.TrainSpec}). {@link io.sparkmlp.config.ConfigReference} prints
 * {@code docs/config.md}. Every error is a {@link io.sparkmlp.config.ConfigException} naming the
 * file and line, or the flag.
 */
package io.sparkmlp.config;
