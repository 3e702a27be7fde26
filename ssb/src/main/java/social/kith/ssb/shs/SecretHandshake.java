package social.kith.ssb.shs;

/**
 * One side of a secret handshake (v1) as a state machine over bytes, with no I/O: feed it exactly
 * {@link #bytesExpected()} bytes from the peer and send whatever it returns. A failed step throws a
 * {@link HandshakeException} and leaves the machine failed; nothing that {@code receive} returned
 * before is ever replaced. A machine is single-use and not thread-safe.
 *
 * <pre>{@code
 * out.write(hs.start());
 * while (!hs.isComplete()) {
 *   out.write(hs.receive(in.readNBytes(hs.bytesExpected())));
 * }
 * SessionKeys keys = hs.sessionKeys();
 * }</pre>
 */
public interface SecretHandshake {
  /** What to send first: message 1 for a client, nothing (empty) for a server. Call once. */
  byte[] start();

  /** How many bytes the next {@link #receive} needs (64, 112 or 80), or 0 when complete. */
  int bytesExpected();

  /**
   * Takes the peer's next message (exactly {@link #bytesExpected()} bytes) and returns what to
   * send back (possibly empty).
   *
   * @throws HandshakeException when the message is refused; the machine is then failed
   */
  byte[] receive(byte[] message);

  /** Whether the handshake finished successfully. */
  boolean isComplete();

  /**
   * The outcome.
   *
   * @throws IllegalStateException unless {@link #isComplete()}
   */
  SessionKeys sessionKeys();
}
