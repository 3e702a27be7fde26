package social.kith.ssb.json;

/** The JSON {@code null}. */
public enum JsonNull implements JsonValue {
  /** The only instance. */
  INSTANCE;

  @Override
  public String toString() {
    return "null";
  }
}
