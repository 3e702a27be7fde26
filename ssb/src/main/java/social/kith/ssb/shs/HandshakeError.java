package social.kith.ssb.shs;

import social.kith.core.ErrorCode;

/** Why a secret handshake was aborted. Each names the step at which it stopped. */
public enum HandshakeError implements ErrorCode {
  /** Message 1 (client hello) did not authenticate under our network key: another network, or garbage. */
  BAD_CLIENT_HELLO,
  /** Message 2 (server hello) did not authenticate under our network key. */
  BAD_SERVER_HELLO,
  /** Message 3 did not open, or its signature does not prove the client's identity. */
  BAD_CLIENT_AUTH,
  /** Message 4 did not open, or the server did not prove it holds the key the client dialled. */
  BAD_SERVER_ACCEPT,
  /** The client proved its identity, but the server's authorizer refused it. */
  UNAUTHORIZED,
  /** A Diffie-Hellman result was all zeros: the peer sent a low-order (non-contributory) key. */
  NON_CONTRIBUTORY_KEY,
  /** A long-term public key that has no X25519 form (small order, not on the curve). */
  INVALID_KEY,
  /** A message of the wrong length, or a call out of order (the state machine is single-use). */
  PROTOCOL_VIOLATION
}
