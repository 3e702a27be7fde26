package social.kith.ssb.muxrpc;

/** Both ends of a duplex call. */
public record Duplex(StreamReader in, StreamWriter out) {}
