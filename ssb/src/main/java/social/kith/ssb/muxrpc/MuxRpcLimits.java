package social.kith.ssb.muxrpc;

/**
 * The bounds a session enforces on its peer (checklist item 58). Exceeding {@code maxBodyLength},
 * {@code maxOpenStreams}, {@code maxJsonDepth} or {@code maxBufferedBytes} closes the connection;
 * exceeding {@code maxStreamBufferBytes} ends only that stream with {@code STREAM_BUFFER_FULL}.
 * Readers are asked to pause (backpressure) once a stream or the connection is half full.
 *
 * @param maxBodyLength largest packet body accepted (default 1 MiB)
 * @param maxOpenStreams calls of either direction open at once (default 1024)
 * @param maxStreamBufferBytes unread bytes held for one stream (default 256 KiB)
 * @param maxBufferedBytes unread bytes held for all streams of one connection (default 8 MiB)
 * @param maxJsonDepth deepest JSON nesting in a body (default 64)
 */
public record MuxRpcLimits(int maxBodyLength, int maxOpenStreams, int maxStreamBufferBytes,
    long maxBufferedBytes, int maxJsonDepth) {
  /** The defaults above. */
  public static final MuxRpcLimits DEFAULT = new MuxRpcLimits(1 << 20, 1024, 256 << 10, 8L << 20, 64);

  public MuxRpcLimits {
    if (maxBodyLength < 1 || maxOpenStreams < 1 || maxStreamBufferBytes < 1 || maxBufferedBytes < 1
        || maxJsonDepth < 1 || maxJsonDepth > social.kith.ssb.json.JsonParser.MAX_DEPTH_LIMIT) {
      throw new IllegalArgumentException("muxrpc limits must be positive (json depth at most "
          + social.kith.ssb.json.JsonParser.MAX_DEPTH_LIMIT + ")");
    }
  }

  public MuxRpcLimits withMaxBodyLength(int v) {
    return new MuxRpcLimits(v, maxOpenStreams, maxStreamBufferBytes, maxBufferedBytes, maxJsonDepth);
  }

  public MuxRpcLimits withMaxOpenStreams(int v) {
    return new MuxRpcLimits(maxBodyLength, v, maxStreamBufferBytes, maxBufferedBytes, maxJsonDepth);
  }

  public MuxRpcLimits withMaxStreamBufferBytes(int v) {
    return new MuxRpcLimits(maxBodyLength, maxOpenStreams, v, maxBufferedBytes, maxJsonDepth);
  }

  public MuxRpcLimits withMaxBufferedBytes(long v) {
    return new MuxRpcLimits(maxBodyLength, maxOpenStreams, maxStreamBufferBytes, v, maxJsonDepth);
  }

  public MuxRpcLimits withMaxJsonDepth(int v) {
    return new MuxRpcLimits(maxBodyLength, maxOpenStreams, maxStreamBufferBytes, maxBufferedBytes, v);
  }
}
