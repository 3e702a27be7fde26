package social.kith.ssb;

import social.kith.core.ErrorCode;

/** Why ssb-validate 4.1.4 would refuse a classic message (placeholder filled in below). */
public enum ValidationError implements ErrorCode {
  NOT_AN_OBJECT
}
