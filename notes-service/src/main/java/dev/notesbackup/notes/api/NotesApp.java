package dev.notesbackup.notes.api;

import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.domain.Ids;
import dev.notesbackup.notes.domain.NotesService;
import dev.notesbackup.notes.store.NotesRepository;
import dev.notesbackup.notes.wal.WalSink;
import dev.notesbackup.notes.wal.WriteAheadLog;
import java.time.Clock;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the API from its parts; the Lambda handler, the local server and the tests all build it here. */
public final class NotesApp {
    private NotesApp() {
    }

    public static NotesApi create(NotesConfig config, DynamoDbClient db, WalSink walSink, Clock clock,
                                  Consumer<String> errorLog) {
        WriteAheadLog wal = new WriteAheadLog(walSink, clock);
        NotesRepository repository = new NotesRepository(db, config.notesTable(), config.repliesTable(), wal);
        NotesService service = new NotesService(repository, clock, Ids.secure());
        return new NotesApi(service, new Cors(config.allowedOrigins()), errorLog);
    }
}
