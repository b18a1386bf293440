package dev.notesbackup.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.notesbackup.notes.config.ConfigException;
import dev.notesbackup.notes.lambda.NotesApiHandler;
import java.time.Duration;
import java.util.Map;

/**
 * {@code java -cp <notes Lambda jar>:<bench classes> dev.notesbackup.bench.NotesInvokeOnce [text]}:
 * one API request the way Lambda runs the notes function, for measuring its cold start: the
 * handler's no-arg constructor (configuration from NOTES_TABLE, REPLIES_TABLE and ALLOWED_ORIGINS,
 * the DynamoDB client built once), then one HTTP API (payload 2.0) event {@code POST /notes} with
 * {@code {"text": text, "author": "bench"}}, which writes a note and its write-ahead line. Standard
 * output gets what the function writes there on Lambda (the write-ahead line); the response's status
 * and body go to standard error. Exits 0 on 201, 1 on any other status, 2 on bad configuration.
 * Endpoint, region and credentials come from the SDK's usual environment variables. A benchmark
 * probe, never in the Lambda jar: the jar comes first on the classpath, so every class the function
 * runs is loaded from it.
 */
final class NotesInvokeOnce {
    private NotesInvokeOnce() {
    }

    public static void main(String[] args) {
        String text = args.length > 0 ? args[0] : "cold start";
        NotesApiHandler handler;
        try {
            handler = new NotesApiHandler();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath("/notes")
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{\"text\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"author\":\"bench\"}")
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("cold-start")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/notes").build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new ConsoleContext("notes", Duration.ofSeconds(10)));
        System.err.println(response.getStatusCode() + " " + response.getBody());
        System.exit(response.getStatusCode() == 201 ? 0 : 1);
    }
}
