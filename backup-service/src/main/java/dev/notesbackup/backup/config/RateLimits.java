package dev.notesbackup.backup.config;

/**
 * Requests per second the service allows itself per operation. The defaults are the AWS account
 * limits for DynamoDB's backup control plane; pacing below them avoids throttling storms.
 */
public record RateLimits(double createPerSecond, double deletePerSecond, double listPerSecond) {
    public static final RateLimits AWS_DEFAULTS = new RateLimits(50, 10, 5);
    /** No pacing at all, for tests against mocks. */
    public static final RateLimits UNLIMITED = new RateLimits(0, 0, 0);
}
