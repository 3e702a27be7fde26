/**
 * Narrow store interfaces that adapters reuse and users may back with a real database, with
 * in-memory implementations for tests and small tools.
 */
package social.kith.core.store;
