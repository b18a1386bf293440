package dev.notesbackup.backup.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Jackson for the service: one-line JSON documents for the log (reports, metrics), and the mapper that reads JSON. */
public final class Json {
    /** The streaming generator's factory: all the Lambda's log lines need, without loading databind at cold start. */
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    /**
     * One line as UTF-8 bytes on standard output, whatever the platform charset (LANG=C would print
     * '?'). The Lambdas' report and metric lines go here, not to the LambdaLogger: with the JSON log
     * format the runtime wraps a logger's message in a string, and CloudWatch would extract no
     * embedded metrics from it; a line that is already JSON on standard output is kept as it is.
     */
    public static void printUtf8(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        System.out.write(bytes, 0, bytes.length);
        System.out.flush();
    }

    /** Writes one JSON document with Jackson's streaming generator. */
    @FunctionalInterface
    public interface Document {
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * The document as one compact line. Jackson checks the structure as it goes (a field name outside
     * an object, a value where a field name belongs); a container left open is an error too, not
     * closed silently.
     */
    public static String line(Document document) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            document.write(json);
            if (!json.getOutputContext().inRoot()) {
                throw new IllegalStateException("JSON document not closed: " + json.getOutputContext().getNestingDepth()
                        + " open containers");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a JSON line: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * The shared mapper (configured once and thread-safe, as Jackson intends), for reading JSON. It
     * reads one document and nothing after it.
     */
    public static ObjectMapper mapper() {
        return Reading.MAPPER;
    }

    /** Holds the mapper, so that databind is loaded by the first read, not by the first log line. */
    private static final class Reading {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
