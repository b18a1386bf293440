package dev.notesbackup.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * Other accounts in moto: STS AssumeRole into a role of account N returns credentials that act as
 * account N (moto's multi-account model), so a bucket created with them lives in that account, as
 * a vault bucket in the vault account does. The STS call is made over plain HTTP (the build has no
 * STS client module); moto routes it by the credential scope of its Authorization header and does
 * not check the signature.
 */
public final class MotoAccounts {
    private static final Pattern FIELD = Pattern.compile("<(AccessKeyId|SecretAccessKey|SessionToken)>([^<]+)</");

    private MotoAccounts() {
    }

    /** Credentials acting as {@code account}: moto's AssumeRole into arn:aws:iam::ACCOUNT:role/notes-backup-test. */
    public static AwsSessionCredentials assumeRole(URI endpoint, String account) {
        String form = "Action=AssumeRole&Version=2011-06-15&RoleSessionName=tests&RoleArn="
                + URLEncoder.encode("arn:aws:iam::" + account + ":role/notes-backup-test", StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/" + LocalAws.REGION.id()
                        + "/sts/aws4_request, SignedHeaders=host, Signature=0")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        String body;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            body = response.body();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto's STS AssumeRole answered " + response.statusCode() + ": " + body);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach moto's STS at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(body);
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        if (fields.size() != 3) {
            throw new IllegalStateException("moto's STS AssumeRole gave no credentials: " + body);
        }
        return AwsSessionCredentials.create(fields.get("AccessKeyId"), fields.get("SecretAccessKey"), fields.get("SessionToken"));
    }

    /** An S3 client acting as {@code account}. */
    public static S3Client s3As(URI endpoint, String account) {
        return S3Client.builder()
                .region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(assumeRole(endpoint, account)))
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(LocalAws.CONNECT_TIMEOUT)
                        .socketTimeout(LocalAws.SOCKET_TIMEOUT))
                .overrideConfiguration(LocalAws.noRetries())
                .build();
    }

    /**
     * A vault bucket as the vault stack makes it, in {@code account}: versioned, Object Lock on with a
     * default retention (GOVERNANCE, 1 day). moto applies the default retention to PutObject but not
     * to the objects an export writes, and does not enforce it reliably: tests never rely on it.
     */
    public static void createVaultBucket(URI endpoint, String account, String bucket) {
        try (S3Client s3 = s3As(endpoint, account)) {
            s3.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(true));
            s3.putObjectLockConfiguration(r -> r.bucket(bucket).objectLockConfiguration(c -> c
                    .objectLockEnabled(ObjectLockEnabled.ENABLED)
                    .rule(rule -> rule.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1)))));
        }
    }
}
