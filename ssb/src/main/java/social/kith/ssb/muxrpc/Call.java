package social.kith.ssb.muxrpc;

import java.util.List;
import social.kith.ssb.json.JsonValue;

/** A request from the peer, as a {@link Handler} sees it. Answer exactly once (or stream, then end). */
public interface Call {
  /** The dotted method name, e.g. {@code "gossip.ping"}. */
  String method();

  /** The type the peer called it with. */
  Type type();

  /** The arguments (the request's {@code args} array). */
  List<JsonValue> args();

  /** The session it arrived on (to learn the peer, or to call it back). */
  MuxRpcSession session();

  /**
   * Answers a sync or async call.
   *
   * @throws IllegalStateException for a stream call, or when already answered
   */
  void respond(Body body);

  /** Answers with an error (ends the stream for stream calls); the message goes to the peer. */
  void fail(String message);

  /**
   * What the handler sends on a source or duplex call.
   *
   * @throws IllegalStateException for other types
   */
  StreamWriter out();

  /**
   * What the peer sends on a sink or duplex call.
   *
   * @throws IllegalStateException for other types
   */
  StreamReader in();
}
