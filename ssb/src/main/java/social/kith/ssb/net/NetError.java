package social.kith.ssb.net;

import social.kith.core.ErrorCode;

/** Why a connection could not be made or ended badly. Handshake refusals have their own {@code HandshakeError}. */
public enum NetError implements ErrorCode {
  /** An address that is not {@code net:host:port~shs:key}. */
  UNSUPPORTED_ADDRESS,
  /** TCP connect refused or failed. */
  CONNECT_FAILED,
  /** TCP connect did not finish within the connect timeout. */
  CONNECT_TIMEOUT,
  /** The handshake did not finish within the handshake timeout (a stalled or slow peer). */
  HANDSHAKE_TIMEOUT,
  /**
   * The peer closed the connection during the handshake: it refused us (another network, not the
   * key we dialled, not authorized) without saying why, as the protocol requires.
   */
  HANDSHAKE_CLOSED,
  /** Nothing arrived for the idle timeout. */
  IDLE_TIMEOUT,
  /** The peer did not read what we sent within the write timeout. */
  PEER_NOT_READING,
  /** A socket error after the handshake. */
  IO_FAILURE,
  /** The connection or transport is closed. */
  CLOSED
}
