package io.sparkmlp.ml;

import java.io.Serializable;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.types.StructField;
import scala.Function1;
import scala.Option;
import scala.runtime.AbstractFunction1;

/** The glue for the few Scala APIs this package calls from Java: param validators and Options. */
final class ScalaInterop {
  private ScalaInterop() {}

  /** A check on one value that throws {@link IllegalArgumentException} saying what is wrong. */
  @FunctionalInterface
  interface Rule<T> extends Serializable {
    void check(T value);
  }

  /**
   * A Spark param validator ({@code T => Boolean}) that runs {@code rule} and, when it rejects
   * the value, throws an {@link IllegalArgumentException} naming the stage and the param
   * instead of Spark's generic "given invalid value".
   */
  static <T> Function1<T, Object> validator(String ownerUid, String param, Rule<T> rule) {
    return new Validator<>(ownerUid, param, rule);
  }

  /**
   * The class count a label column's ML attribute declares (a nominal attribute with its
   * number of values, or a binary one), or −1 when it declares none.
   */
  static int numClassesInMetadata(StructField label) {
    Attribute attr;
    try {
      attr = Attribute.fromStructField(label);
    } catch (RuntimeException e) {
      return -1; // no ML attribute, or one of a kind that says nothing of classes
    }
    if (attr instanceof BinaryAttribute) {
      return 2;
    }
    if (attr instanceof NominalAttribute nominal) {
      Option<Object> n = nominal.getNumValues();
      return n.isDefined() ? (Integer) n.get() : -1;
    }
    return -1;
  }

  private static final class Validator<T> extends AbstractFunction1<T, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String ownerUid;
    private final String param;
    private final Rule<T> rule;

    Validator(String ownerUid, String param, Rule<T> rule) {
      this.ownerUid = ownerUid;
      this.param = param;
      this.rule = rule;
    }

    @Override
    public Object apply(T value) {
      try {
        rule.check(value);
      } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        throw new IllegalArgumentException(ownerUid + " param " + (why.startsWith(param + " ")
            ? why : param + ": " + why), e);
      }
      return Boolean.TRUE;
    }
  }
}
