/** HTML sanitising and conversion between HTML and plain text; never throws on hostile input. */
package social.kith.core.html;
