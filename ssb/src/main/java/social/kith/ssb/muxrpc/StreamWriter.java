package social.kith.ssb.muxrpc;

/** The sending end of a muxrpc stream. Thread-safe; {@link #send} may block while the connection is congested. */
public interface StreamWriter {
  /**
   * Sends one value.
   *
   * @throws MuxRpcException {@code CLOSED} after {@link #end()}, {@link #fail}, a cancel by the peer, or the session's end
   */
  void send(Body body);

  /** Ends the stream normally. Idempotent. */
  void end();

  /** Ends the stream with an error whose message goes to the peer. Idempotent with {@link #end()}. */
  void fail(String message);

  /** Whether this side has ended, or the peer cancelled. */
  boolean isEnded();
}
