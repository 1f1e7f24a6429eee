package io.llmgateway.core.routing;

import io.llmgateway.codec.spi.AwsCredentials;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.gcp.ServiceAccountKey;
import io.llmgateway.core.secrets.SecretMatcher;

/**
 * Where one attempt goes: a provider, one of its keys, the model name the provider expects, and
 * the adapter that speaks its protocol; and the {@link SecretMatcher} that keeps the key's
 * credentials out of what the client sees of the provider's answers: its secret (with, for AWS,
 * its session token), or for a Vertex service account the access tokens issued to it now
 * ({@link #secretMatcher()}).
 *
 * <p>Two deployments are equal when they name the same provider id, key id and upstream model, so
 * an exclusion set built from one config snapshot still means the same thing in the next one.
 * {@link #hashCode()} only combines cached string hashes: it is cheap enough for a hot-path
 * {@code Set.contains}.
 */
public record Deployment(ProviderConfig provider, KeyConfig key, String upstreamModel, ProviderAdapter adapter,
        SecretMatcher secretMatcher) {

    /** A deployment whose key's credentials are recognised by a matcher built once, here. */
    public Deployment(ProviderConfig provider, KeyConfig key, String upstreamModel, ProviderAdapter adapter) {
        this(provider, key, upstreamModel, adapter, matcherOf(key));
    }

    private static SecretMatcher matcherOf(KeyConfig key) {
        AwsCredentials aws = key.aws();
        if (aws != null && aws.sessionToken() != null) {
            return SecretMatcher.anyOf(SecretMatcher.of(key.secret()), SecretMatcher.of(aws.sessionToken()));
        }
        return SecretMatcher.of(key.secret());
    }

    /**
     * What recognises the key's credentials: the matcher built from its secret, or, for a key with
     * a service account, the one its token source publishes (the tokens change while the
     * deployment lives). Hot path: a field read, and a volatile read for a service account.
     */
    @Override
    public SecretMatcher secretMatcher() {
        ServiceAccountKey account = key.serviceAccount();
        return account == null ? secretMatcher : account.issuedTokens().current();
    }

    /** {@code provider/key}, for headers, logs and metrics. Never the secret. */
    public String label() {
        return provider.id() + '/' + key.id();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Deployment d && provider.id().equals(d.provider.id()) && key.id().equals(d.key.id())
                && upstreamModel.equals(d.upstreamModel);
    }

    @Override
    public int hashCode() {
        return (provider.id().hashCode() * 31 + key.id().hashCode()) * 31 + upstreamModel.hashCode();
    }

    @Override
    public String toString() {
        return "Deployment[" + label() + " model=" + upstreamModel + ']';
    }
}
