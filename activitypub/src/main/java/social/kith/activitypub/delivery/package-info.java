/**
 * Durable, at-least-once delivery of activities to remote inboxes.
 *
 * <ul>
 *   <li>{@link social.kith.activitypub.delivery.DeliveryQueue}: the store seam;
 *       {@link social.kith.activitypub.delivery.LogDeliveryQueue} is the embedded crash-safe
 *       default, {@link social.kith.activitypub.delivery.InMemoryDeliveryQueue} is for tests.</li>
 *   <li>{@link social.kith.activitypub.delivery.DeliveryWorker}: signs and POSTs due jobs with
 *       bounded concurrency through the SSRF-guarded
 *       {@link social.kith.activitypub.fetch.RemotePoster}.</li>
 *   <li>{@link social.kith.activitypub.delivery.RetryPolicy} (backoff with jitter, Retry-After,
 *       permanent failures) and {@link social.kith.activitypub.delivery.HostCircuitBreaker}
 *       (per-host circuit and unavailability, bounded state).</li>
 * </ul>
 */
package social.kith.activitypub.delivery;
