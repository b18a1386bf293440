package dev.notesbackup.notes.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.notesbackup.notes.api.ApiRequest;
import dev.notesbackup.notes.api.ApiResponse;
import dev.notesbackup.notes.api.NotesApi;
import dev.notesbackup.notes.api.NotesApp;
import dev.notesbackup.notes.aws.AwsClients;
import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.wal.StdoutWalSink;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Entry point for API Gateway HTTP API events (payload format 2.0). Thin: turns the event into an
 * {@link ApiRequest}, lets {@link NotesApi} answer, turns the answer into the response event.
 */
public class NotesApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final NotesApi api;

    /** Used by Lambda: configuration and clients are built once per container, at init. */
    public NotesApiHandler() {
        this(fromEnvironment(System.getenv()));
    }

    public NotesApiHandler(NotesApi api) {
        this.api = api;
    }

    static NotesApi fromEnvironment(Map<String, String> env) {
        NotesConfig config = NotesConfig.fromEnvironment(env);
        return NotesApp.create(config, AwsClients.apiDynamoDb(AwsClients.httpClient()), new StdoutWalSink(),
                Clock.systemUTC(), System.err::println);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiResponse response = api.handle(toRequest(event, context));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    static ApiRequest toRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (event == null) {
            return new ApiRequest("", "", Map.of(), Map.of(), null, false, requestId(null, context));
        }
        APIGatewayV2HTTPEvent.RequestContext requestContext = event.getRequestContext();
        String method = requestContext == null || requestContext.getHttp() == null ? null
                : requestContext.getHttp().getMethod();
        String path = event.getRawPath();
        if (path == null && requestContext != null && requestContext.getHttp() != null) {
            path = requestContext.getHttp().getPath();
        }
        return new ApiRequest(method, path, event.getQueryStringParameters(), event.getHeaders(), event.getBody(),
                event.getIsBase64Encoded(), requestId(requestContext, context));
    }

    private static String requestId(APIGatewayV2HTTPEvent.RequestContext requestContext, Context context) {
        if (requestContext != null && requestContext.getRequestId() != null && !requestContext.getRequestId().isBlank()) {
            return requestContext.getRequestId();
        }
        if (context != null && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        return UUID.randomUUID().toString();
    }
}
