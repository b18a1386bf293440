package dev.notesbackup.notes.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.testsupport.PackageDependencies;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The notes service's packages as compiled (target/classes): no two depend on each other, however
 * indirectly, and the domain knows nothing of the AWS SDK; only the store speaks DynamoDB.
 */
class PackageStructureTest {
    private static final PackageDependencies CLASSES = PackageDependencies.of(Path.of("target/classes"));

    @Test
    void packages_formNoCycle() {
        assertThat(CLASSES.firstCycle()).as("package cycle").isEmpty();
    }

    @Test
    void domain_referencesNoAwsSdkType() {
        assertThat(CLASSES.usedBy("dev.notesbackup.notes.domain"))
                .as("packages the domain uses")
                .noneMatch(pkg -> pkg.startsWith("software.amazon.awssdk"))
                .noneMatch(pkg -> pkg.startsWith("dev.notesbackup.notes.store"));
    }
}
