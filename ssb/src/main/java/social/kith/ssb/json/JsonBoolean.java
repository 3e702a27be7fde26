package social.kith.ssb.json;

/** A JSON {@code true} or {@code false}. */
public enum JsonBoolean implements JsonValue {
  /** {@code true}. */
  TRUE,
  /** {@code false}. */
  FALSE;

  /** The Java value. */
  public boolean value() {
    return this == TRUE;
  }

  @Override
  public String toString() {
    return this == TRUE ? "true" : "false";
  }
}
