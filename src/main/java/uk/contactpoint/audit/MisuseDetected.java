package uk.contactpoint.audit;

/** A misuse alert was raised; when {@code suspend} is set, the account must be suspended at once. */
public record MisuseDetected(long userId, String username, MisuseRules.Rule rule, boolean suspend, String evidence) {}
