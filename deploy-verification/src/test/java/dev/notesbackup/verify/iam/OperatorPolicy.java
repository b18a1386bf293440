package dev.notesbackup.verify.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The operator policy this tier proposes for the README ({@code deploy-verification/iam/operator-policy.json}), its placeholders filled. */
final class OperatorPolicy {
    private OperatorPolicy() {
    }

    static JsonNode resolved(String region, String account, String notesStack, String backupStack, String vaultBucket,
                             String vaultAccount) {
        try {
            String text = Files.readString(IamEvaluator.directory().resolve("operator-policy.json"))
                    .replace("${AWS::Region}", region).replace("${AWS::AccountId}", account)
                    .replace("${NotesStack}", notesStack).replace("${BackupStack}", backupStack)
                    .replace("${VaultBucket}", vaultBucket).replace("${VaultAccount}", vaultAccount);
            if (text.contains("${")) {
                throw new IllegalStateException("operator-policy.json has a placeholder left: " + text);
            }
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
