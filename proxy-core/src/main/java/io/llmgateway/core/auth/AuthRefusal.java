package io.llmgateway.core.auth;

/** Why a client was refused, with the message it is told (OpenAI's wording, never the key sent). */
public enum AuthRefusal implements AuthResult {

    MISSING_KEY("You didn't provide an API key. Send it in an Authorization header using Bearer auth "
            + "(i.e. Authorization: Bearer YOUR_KEY)."),
    WRONG_KEY("Incorrect API key provided."),
    EXPIRED_KEY("The API key provided has expired."),
    REVOKED_KEY("The API key provided has been revoked.");

    private final String message;

    AuthRefusal(String message) {
        this.message = message;
    }

    /** The error message for the client. */
    public String message() {
        return message;
    }
}
