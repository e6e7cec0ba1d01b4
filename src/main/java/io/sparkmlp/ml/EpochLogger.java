package io.sparkmlp.ml;

import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one INFO line per epoch for the stage that is fitting, with what the epoch measured. */
final class EpochLogger implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(EpochLogger.class);
  private final String uid;
  private final int maxEpochs;

  EpochLogger(String uid, int maxEpochs) {
    this.uid = uid;
    this.maxEpochs = maxEpochs;
  }

  @Override
  public void onEpoch(EpochRecord e) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    StringBuilder sb = new StringBuilder()
        .append(uid).append(": epoch ").append(e.epoch()).append('/').append(maxEpochs)
        .append(String.format(" train loss %.5f", e.trainLoss()));
    if (!Double.isNaN(e.trainAccuracy())) {
      sb.append(String.format(" acc %.4f", e.trainAccuracy()));
    }
    if (!Double.isNaN(e.validationLoss())) {
      sb.append(String.format(", validation loss %.5f", e.validationLoss()));
      if (!Double.isNaN(e.validationAccuracy())) {
        sb.append(String.format(" acc %.4f", e.validationAccuracy()));
      }
      if (!Double.isNaN(e.validationRmse())) {
        sb.append(String.format(" rmse %.5f", e.validationRmse()));
      }
    }
    sb.append(String.format(", lr %.3g, %.0f rows/s, %.2f s", e.learningRate(), e.samplesPerSecond(), e.seconds()));
    LOG.info(sb.toString());
  }
}
