/**
 * What arrives while adapters run, as a sealed {@link social.kith.core.event.Event} family,
 * delivered through a {@link java.util.concurrent.Flow.Publisher} with listeners on top.
 */
package social.kith.core.event;
