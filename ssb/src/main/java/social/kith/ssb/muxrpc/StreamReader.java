package social.kith.ssb.muxrpc;

import java.time.Duration;
import java.util.Optional;

/**
 * The receiving end of a muxrpc stream. Values wait in a bounded buffer until read; a reader that
 * does not keep up slows the connection down (backpressure) and, past its buffer cap, loses the
 * stream with {@code STREAM_BUFFER_FULL}. Thread-safe.
 */
public interface StreamReader {
  /**
   * The next value, waiting up to {@code timeout}; empty when the peer ended the stream normally.
   *
   * @throws MuxRpcException {@code TIMEOUT} if nothing arrived in time; {@code REMOTE_ERROR} when
   *     the peer ended with an error; {@code STREAM_BUFFER_FULL}; {@code CLOSED} when the session ended
   */
  Optional<Body> next(Duration timeout);

  /** Stops reading: the peer is told to end the stream; buffered values are dropped. */
  void cancel();

  /** Whether the stream ended (normally, with an error, or cancelled) and everything was read. */
  boolean isDone();
}
