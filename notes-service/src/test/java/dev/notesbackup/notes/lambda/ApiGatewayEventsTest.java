package dev.notesbackup.notes.lambda;

import static dev.notesbackup.notes.support.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.notesbackup.notes.support.TestApp;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample events in notes-service/events (also usable with 'sam local invoke -e'), read by the
 * Lambda runtime's own serialisation, reach the handler with every field it uses.
 */
class ApiGatewayEventsTest {
    private final InMemoryDynamoDb tables = TestApp.inMemoryTables(TestApp.NOTES, TestApp.REPLIES);
    private final TestApp app = new TestApp(tables);

    @Test
    void createNoteEvent_createsTheNote_withApiGatewaysRequestId() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/create-note.json");

        APIGatewayV2HTTPResponse response = app.handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(json(response)).containsEntry("text", "Stay home, wash hands").containsEntry("author", "ann");
        assertThat(response.getHeaders()).containsEntry("x-request-id", "XyZ1aBcDeFgHiJk=")
                .containsEntry("access-control-allow-origin", "https://notes.example.com");
        assertThat(app.sink.lines()).singleElement().asString().contains("\"requestId\":\"XyZ1aBcDeFgHiJk=\"");
    }

    @Test
    void listNotesEvent_passesTheQueryParameters() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/list-notes.json");

        APIGatewayV2HTTPResponse response = app.handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("notes", java.util.List.of()).containsEntry("nextCursor", null);
    }

    @Test
    void getNoteEvent_isA404_whenTheNoteDoesNotExist() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/get-note.json");

        APIGatewayV2HTTPResponse response = app.handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat((Map<String, Object>) json(response)).containsEntry("error", "note_not_found");
    }
}
