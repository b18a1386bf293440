package dev.notesbackup.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link MotoServer} per test JVM, shared by every test class that uses
 * the extension, reset before each test, injected into parameters of type {@link MotoServer}.
 *
 * <pre>{@code
 * @ExtendWith(MotoExtension.class)
 * class SomethingIT {
 *     @Test
 *     void works(MotoServer moto) {
 *         try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Because of the reset, state made in {@code @BeforeAll} does not survive into the tests; make
 * it in {@code @BeforeEach} or in the test. The server lives in the root context's store and is
 * closed by JUnit when the whole run ends (and by a shutdown hook should the JVM be stopped).
 */
public final class MotoExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    /** The shared server of this test run, started on first use. */
    public static MotoServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(MotoServer.class, type -> MotoServer.start(), MotoServer.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }
}
