package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoExtensionIT {
    private static MotoServer first;

    @Test
    @Order(1)
    void extension_injectsARunningServer(MotoServer moto) {
        first = moto;
        assertThat(moto.isAlive()).isTrue();
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            MotoServerIT.createTable(dynamo, "left-behind");
            assertThat(dynamo.listTables().tableNames()).contains("left-behind");
        }
    }

    @Test
    @Order(2)
    void sharesOneServer_andResetsItBeforeEachTest(MotoServer moto) {
        assertThat(moto).isSameAs(first);
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            assertThat(dynamo.listTables().tableNames()).isEmpty();
        }
    }
}
