package io.llmgateway.core.proxy;

import io.llmgateway.core.routing.Deployment;

/**
 * An error's details that may quote what an upstream sent (a parser's or a decoder's excerpt of
 * it, a connection failure's description), as the client and the log may see them: withheld when
 * they carry the key's secret in any form the deployment's {@code SecretMatcher} knows. Error paths
 * only; static, so that the hot path pays nothing for it.
 */
final class CredentialQuote {

    private CredentialQuote() {
    }

    /** {@code message} itself, or a notice that its details are withheld. */
    static String shown(Deployment deployment, String message) {
        if (!deployment.secretMatcher().foundIn(message)) {
            return message;
        }
        return "upstream '" + deployment.provider().id() + "': the details of this error quoted a credential and are "
                + "withheld";
    }
}
