/**
 * Virtual keys, teams and spend off the request path: the registry of keys and teams from the
 * config and the admin API ({@link io.llmgateway.core.vkeys.VirtualKeyRegistry}), the spend ledger
 * fed by the observer thread ({@link io.llmgateway.core.vkeys.SpendLedger}), the store that keeps
 * run-time keys, teams and spend across restarts ({@link io.llmgateway.core.vkeys.VirtualKeyStore},
 * a file by default) and the admin routes ({@link io.llmgateway.core.vkeys.VirtualKeysAdmin}).
 * Nothing here runs on an event loop: changes are made on the admin thread (or at a reload),
 * spend on the observer thread, writes to disk on the admin thread or the spend flusher.
 */
package io.llmgateway.core.vkeys;
