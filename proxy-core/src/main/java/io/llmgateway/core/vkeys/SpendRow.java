package io.llmgateway.core.vkeys;

import java.time.LocalDate;

/**
 * What the requests of one UTC day, one client key, team, model and provider cost: one row of the
 * spend history ({@code GET /admin/v1/spend}), the unit the store keeps. Immutable.
 *
 * @param day              the UTC day
 * @param key              the client key's id (a virtual key's, or {@code api_keys[n]}); null for none
 * @param team             the virtual key's team; null for none
 * @param model            the model the client asked for
 * @param provider         the provider that answered; null when none was reached
 * @param costUsd          the exact cost ({@code OutcomeCost})
 * @param requests         requests counted
 * @param promptTokens     prompt tokens
 * @param completionTokens completion tokens
 */
public record SpendRow(LocalDate day, String key, String team, String model, String provider, double costUsd,
        long requests, long promptTokens, long completionTokens) {
}
