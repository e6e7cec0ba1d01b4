package io.sparkmlp.train;

/**
 * A row that cannot be trained on, found on an executor while packing. It knows the partition
 * and the row within it; the driver turns that into the global row position for the user.
 */
public final class BadRowException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int partition;
  private final long rowInPartition;
  private final String problem;

  BadRowException(int partition, long rowInPartition, String problem) {
    super("partition " + partition + ", row " + rowInPartition + " of that partition: " + problem);
    this.partition = partition;
    this.rowInPartition = rowInPartition;
    this.problem = problem;
  }

  public int partition() { return partition; }
  public long rowInPartition() { return rowInPartition; }
  /** What is wrong with the row, without its position. */
  public String problem() { return problem; }
}
