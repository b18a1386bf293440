package dev.notesbackup.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** For the proxy's tests: a fresh proxy in front of the shared moto server, and a client through it. */
@ExtendWith(MotoExtension.class)
abstract class ProxyOnMoto {
    protected MotoServer moto;
    protected AwsLimitsProxy proxy;
    protected DynamoDbClient dynamo;

    @BeforeEach
    void start(MotoServer moto) {
        this.moto = moto;
        proxy = AwsLimitsProxy.start(moto.endpoint());
        dynamo = LocalAws.dynamoDb(proxy.endpoint());
    }

    @AfterEach
    void stop() {
        dynamo.close();
        proxy.close();
    }
}
