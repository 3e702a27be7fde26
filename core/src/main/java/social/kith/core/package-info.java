/**
 * The client facade {@link social.kith.core.Kith} and the exception tree rooted at
 * {@link social.kith.core.KithException}, whose {@link social.kith.core.ErrorCode} is the
 * machine-readable reason of every failure.
 */
package social.kith.core;
