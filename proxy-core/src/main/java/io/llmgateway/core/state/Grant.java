package io.llmgateway.core.state;

/**
 * What {@link RuntimeStore#lease} granted.
 *
 * @param requests            requests granted (0 when the window is full)
 * @param tokens              tokens granted (0 when the window is full)
 * @param second              the store's second the grant was counted in (for {@link RuntimeStore#giveBack})
 * @param requestsUsed        requests in the window after the grant
 * @param tokensUsed          tokens in the window after the grant
 * @param requestsFreeInMs    when nothing was granted although asked: in how many ms a request can
 *                            be granted (when the oldest counted bucket leaves the window); else 0
 * @param tokensFreeInMs      the same for tokens
 */
public record Grant(long requests, long tokens, long second, long requestsUsed, long tokensUsed,
        long requestsFreeInMs, long tokensFreeInMs) {
}
