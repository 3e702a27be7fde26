package social.kith.core;

/**
 * A machine-readable reason for a failure. Codes are stable strings (the enum constant names of
 * {@link Standard}, or a protocol module's own enum) so that callers can switch on them and logs can
 * be searched for them.
 */
public interface ErrorCode {
  /** The stable name, e.g. {@code SIG_DATE_OUT_OF_WINDOW}. */
  String name();

  /** Codes shared by every protocol. */
  enum Standard implements ErrorCode {
    /** An argument or input document that is malformed. */
    INVALID_INPUT,
    /** An input larger than a documented limit (bytes, depth, count). */
    LIMIT_EXCEEDED,
    /** A signature, MAC or hash that does not verify. */
    VERIFICATION_FAILED,
    /** The operation is not offered by this protocol (see the adapter's capabilities). */
    UNSUPPORTED,
    /** Something was not found. */
    NOT_FOUND,
    /** Stored data failed its checksum or format check. */
    CORRUPT_DATA,
    /** A storage operation failed (disk full, permissions, a full in-memory store). */
    STORAGE_FAILURE,
    /** A network peer failed, refused or timed out. */
    NETWORK_FAILURE,
    /** The component is closed. */
    CLOSED,
    /**
     * An adapter or callback failed in a way its contract does not allow (an unexpected runtime
     * exception, i.e. a bug); the cause holds the original exception.
     */
    ADAPTER_FAILURE
  }
}
