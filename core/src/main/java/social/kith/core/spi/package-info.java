/**
 * The seam a protocol implements: {@link social.kith.core.spi.ProtocolAdapter}. Applications use
 * {@link social.kith.core.Kith}; protocol modules implement this package.
 */
package social.kith.core.spi;
