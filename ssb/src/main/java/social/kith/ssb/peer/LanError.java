package social.kith.ssb.peer;

import social.kith.core.ErrorCode;

/** Why a LAN announcement datagram was refused; a refused datagram is dropped, nothing is dialled. */
public enum LanError implements ErrorCode {
  /** Longer than {@link LanAnnouncement#MAX_BYTES}. */
  TOO_LARGE,
  /** Not UTF-8 text, or not a multiserver address. */
  MALFORMED,
  /** A multiserver address without a usable {@code net:host:port~shs:key} part. */
  NOT_SHS
}
