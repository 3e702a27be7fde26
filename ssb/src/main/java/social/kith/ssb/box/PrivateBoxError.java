package social.kith.ssb.box;

import social.kith.core.ErrorCode;

/** Why a private box cannot be made. Opening never fails with an error: a box that does not open is "not for me". */
public enum PrivateBoxError implements ErrorCode {
  /** More than {@link PrivateBox#MAX_RECIPIENTS} recipients (private-box refuses them too). */
  TOO_MANY_RECIPIENTS,
  /** No recipient at all: nobody could ever open the box. */
  NO_RECIPIENTS,
  /** A recipient key that cannot receive: an Ed25519 key with no Curve25519 form, or a low-order key. */
  INVALID_RECIPIENT
}
