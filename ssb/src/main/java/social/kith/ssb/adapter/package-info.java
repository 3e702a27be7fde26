/**
 * Secure Scuttlebutt behind core's adapter SPI: {@link social.kith.ssb.adapter.SsbAdapter}, which a
 * {@link social.kith.core.Kith} client uses like any other protocol, and the
 * {@link social.kith.ssb.adapter.SsbNetwork} seam through which a networking peer feeds it what it
 * replicates.
 */
package social.kith.ssb.adapter;
