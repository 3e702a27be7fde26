/**
 * Pageable feeds: queries, pages and cursors. Every feed is ordered newest first by creation time,
 * then by post id, so that pages of different protocols merge into one stable order.
 */
package social.kith.core.feed;
