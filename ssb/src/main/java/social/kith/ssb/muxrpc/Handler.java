package social.kith.ssb.muxrpc;

/**
 * Serves one method. It runs on the session's handler executor, never on the connection's reader,
 * and answers through the {@link Call} (now or later, from any thread). An exception it throws
 * becomes an error response; its message is sent to the peer, so keep secrets out of it.
 */
@FunctionalInterface
public interface Handler {
  void handle(Call call) throws Exception;
}
