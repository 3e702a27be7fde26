package social.kith.ssb.muxrpc;

import social.kith.core.ErrorCode;

/**
 * Why a muxrpc call, stream or connection failed. The protocol violations (which close the whole
 * connection) are {@link #BAD_FLAGS}, {@link #BODY_TOO_LARGE}, {@link #BAD_REQUEST_NUMBER},
 * {@link #UNKNOWN_RESPONSE}, {@link #TOO_MANY_STREAMS}, {@link #BAD_JSON}, {@link #JSON_TOO_DEEP},
 * {@link #BAD_REQUEST} and {@link #CONNECTION_BUFFER_FULL}.
 */
public enum MuxRpcError implements ErrorCode {
  /** A packet header with unknown flag bits or body type 3. */
  BAD_FLAGS,
  /** A packet body longer than {@link MuxRpcLimits#maxBodyLength()}. */
  BODY_TOO_LARGE,
  /** Request number 0 (or -2^31) on a packet that is not the end-of-session header. */
  BAD_REQUEST_NUMBER,
  /** A response for a request number we never used. */
  UNKNOWN_RESPONSE,
  /** The peer opened more calls at once than {@link MuxRpcLimits#maxOpenStreams()}. */
  TOO_MANY_STREAMS,
  /** A JSON body that does not parse, or is not valid UTF-8. */
  BAD_JSON,
  /** A JSON body nested deeper than {@link MuxRpcLimits#maxJsonDepth()}. */
  JSON_TOO_DEEP,
  /** A request whose body is not {@code {name, args, type}} in JSON. */
  BAD_REQUEST,
  /** All streams together buffered more than {@link MuxRpcLimits#maxBufferedBytes()}. */
  CONNECTION_BUFFER_FULL,
  /** One stream buffered more than {@link MuxRpcLimits#maxStreamBufferBytes()}: that stream is ended. */
  STREAM_BUFFER_FULL,
  /** The peer answered with an error. */
  REMOTE_ERROR,
  /** Nothing is registered under that name, or it is registered with another type. */
  NO_SUCH_METHOD,
  /** A blocking read found nothing within its timeout. */
  TIMEOUT,
  /** The session or stream is closed (by either side, or because the connection dropped). */
  CLOSED
}
