package io.llmgateway.core.proxy;

import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.routing.Deployment;

/**
 * How one attempt of an exchange ended, as its lease was settled.
 *
 * @param deployment where it went ({@link Deployment#label()} names it)
 * @param status     the upstream HTTP status, or 0 when there was no response
 * @param error      how it ended ({@link ErrorKind#NONE} for a normal answer)
 */
public record AttemptOutcome(Deployment deployment, int status, ErrorKind error) {
}
