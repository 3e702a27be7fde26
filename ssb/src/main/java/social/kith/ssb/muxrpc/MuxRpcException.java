package social.kith.ssb.muxrpc;

import social.kith.core.KithException;

/** A failed muxrpc call, stream or session; {@link #code()} is a {@link MuxRpcError}. */
public final class MuxRpcException extends KithException {
  private static final long serialVersionUID = 1L;

  public MuxRpcException(MuxRpcError code, String message) {
    super(code, message);
  }

  public MuxRpcException(MuxRpcError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** The reason as its enum. */
  public MuxRpcError error() {
    return (MuxRpcError) code();
  }
}
