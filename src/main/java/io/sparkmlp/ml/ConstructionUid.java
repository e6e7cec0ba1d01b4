package io.sparkmlp.ml;

/**
 * The uid of a Spark ML stage while its superclass constructor runs.
 *
 * <p>Spark's shared-param traits ({@code HasFeaturesCol}, {@code HasLabelCol}, …) create their
 * {@code Param} objects inside the Scala superclass constructor, and each Param records
 * {@code parent.uid()} at that moment. Scala classes take their uid as a constructor field that
 * is assigned before the super call; a Java subclass cannot assign a field that early. So a
 * Java stage's constructor publishes the uid here first (in the argument of a delegating
 * {@code this(...)} call), its {@code uid()} reads it while its own field is still null, and
 * the constructor takes it back right after {@code super()}:
 *
 * <pre>{@code
 * public MlpClassifier(String uid) { this(ConstructionUid.begin(uid)); }
 * private MlpClassifier(ConstructionUid pending) { super(); this.uid = pending.end(); ... }
 * public String uid() { return uid != null ? uid : ConstructionUid.pending(); }
 * }</pre>
 *
 * One value per thread; construction does not nest.
 */
final class ConstructionUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();
  private static final ConstructionUid TOKEN = new ConstructionUid();

  private ConstructionUid() {}

  /** Publishes {@code uid} for the constructor about to run on this thread. */
  static ConstructionUid begin(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("a Spark ML uid must be a non-empty string, got "
          + (uid == null ? "null" : "\"\""));
    }
    PENDING.set(uid);
    return TOKEN;
  }

  /** The uid being constructed on this thread (what {@code uid()} returns before {@link #end}). */
  static String pending() {
    String uid = PENDING.get();
    if (uid == null) {
      throw new IllegalStateException("uid() called during construction without ConstructionUid.begin");
    }
    return uid;
  }

  /** Takes the published uid back and clears it. */
  String end() {
    String uid = pending();
    PENDING.remove();
    return uid;
  }
}
