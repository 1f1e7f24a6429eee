package io.llmgateway.core.auth;

/** What an {@link Authenticator} decided: a {@link ClientIdentity} or an {@link AuthRefusal}. */
public sealed interface AuthResult permits ClientIdentity, AuthRefusal {
}
