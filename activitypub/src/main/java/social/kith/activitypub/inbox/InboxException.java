package social.kith.activitypub.inbox;

import java.time.Duration;
import java.util.Optional;
import social.kith.activitypub.signature.SignatureError;
import social.kith.core.KithException;

/** A refused delivery: {@link #reason()} says why and which status to answer. */
public final class InboxException extends KithException {
  private static final long serialVersionUID = 1L;

  private final InboxError reason;
  private final transient SignatureError signatureError;
  private final transient Duration retryAfter;

  public InboxException(InboxError reason, String message) {
    this(reason, null, message);
  }

  public InboxException(InboxError reason, SignatureError signatureError, String message) {
    this(reason, signatureError, message, null);
  }

  private InboxException(InboxError reason, SignatureError signatureError, String message, Duration retryAfter) {
    super(reason, message);
    this.reason = reason;
    this.signatureError = signatureError;
    this.retryAfter = retryAfter;
  }

  /** A {@link InboxError#RATE_LIMITED} refusal that says when to come back. */
  public static InboxException rateLimited(String host, Duration retryAfter) {
    return new InboxException(InboxError.RATE_LIMITED, null, "too many deliveries from " + host, retryAfter);
  }

  public InboxError reason() {
    return reason;
  }

  /** The signature failure behind {@link InboxError#SIGNATURE_REJECTED}, if that is the reason. */
  public Optional<SignatureError> signatureError() {
    return Optional.ofNullable(signatureError);
  }

  /** For {@link InboxError#RATE_LIMITED}: how long until the sender may try again. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
