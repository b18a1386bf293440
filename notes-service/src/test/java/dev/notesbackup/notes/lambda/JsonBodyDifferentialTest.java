package dev.notesbackup.notes.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.support.Requests;
import dev.notesbackup.notes.support.TestApp;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * POST bodies compared with two JSON parsers written elsewhere: Jackson's ObjectMapper (data binding,
 * trailing tokens refused) and Gson in strict mode (its own tokenizer). Over 7,000 generated bodies,
 * random and edge cases: numbers with huge exponents and long literals, deep nesting, lone and paired
 * surrogates (in values and in keys), duplicate keys, whitespace JSON allows and whitespace it does
 * not, control characters, bad escapes, truncations and byte flips of valid bodies.
 * <ul>
 *   <li>no answer is a 5xx;</li>
 *   <li>nothing the API accepts is refused by either reference, and what it stores is what the
 *       reference reads (text and author);</li>
 *   <li>every refusal is a 4xx with the documented error body, and writes nothing.</li>
 * </ul>
 * The seed is fixed, so a failure names a body that can be run again.
 */
class JsonBodyDifferentialTest {
    private static final long SEED = 20261101L;
    private static final int PER_KIND = 650;
    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Gson GSON = new Gson();

    private static final String INSERTED = "{}[]\",:\\ 0-eE.tfn\u0000\ud800";

    private final Random random = new Random(SEED);

    @Test
    void generatedBodies_neverAnswer5xx_andNothingAcceptedIsRefusedByTheReferences() {
        List<String> bodies = bodies();
        assertThat(bodies.size()).as("generated bodies").isGreaterThanOrEqualTo(7000);

        InMemoryDynamoDb tables = TestApp.inMemoryTables(TestApp.NOTES, TestApp.REPLIES);
        TestApp app = new TestApp(tables);
        Map<String, Integer> outcomes = new TreeMap<>();
        int accepted = 0;
        int referenceRefused = 0;
        for (int i = 0; i < bodies.size(); i++) {
            String body = bodies.get(i);
            String label = "body " + i + " (seed " + SEED + "): " + printable(body);
            int linesBefore = app.sink.lines().size();
            int notesBefore = tables.size(TestApp.NOTES);
            APIGatewayV2HTTPResponse response = app.call(Requests.post("/notes", body));
            int status = response.getStatusCode();
            assertThat(status).as(label).isLessThan(500);
            Reference jackson = jackson(body);
            Reference gson = gson(body);
            if (!jackson.valid || !gson.valid) {
                referenceRefused++;
            }
            if (status == 201) {
                accepted++;
                assertThat(jackson.valid).as("accepted, but Jackson refuses it: " + label).isTrue();
                assertThat(gson.valid).as("accepted, but Gson (strict) refuses it: " + label).isTrue();
                Map<String, Object> created = Json.parseObject(response.getBody());
                assertThat(created.get("text")).as(label).isEqualTo(jackson.text).isEqualTo(gson.text);
                assertThat(created.get("author")).as(label).isEqualTo(jackson.author);
                assertThat(app.sink.lines()).as(label).hasSize(linesBefore + 1);
                assertThat(tables.size(TestApp.NOTES)).as(label).isEqualTo(notesBefore + 1);
            } else {
                assertThat(status).as(label).isBetween(400, 499);
                Map<String, Object> error = Json.parseObject(response.getBody());
                assertThat(error.keySet()).as(label).containsExactly("error", "message", "requestId");
                outcomes.merge(status + " " + error.get("error"), 1, Integer::sum);
                assertThat(app.sink.lines()).as("a refused body writes no log line: " + label).hasSize(linesBefore);
                assertThat(tables.size(TestApp.NOTES)).as("a refused body writes nothing: " + label).isEqualTo(notesBefore);
            }
        }
        System.out.println("differential: " + bodies.size() + " bodies, " + accepted + " accepted, " + referenceRefused
                + " refused by a reference, refusals " + outcomes);
        assertThat(app.errors).as("no internal errors").isEmpty();
        // the generator reaches both sides and the interesting refusals
        assertThat(accepted).as("accepted bodies").isGreaterThan(1000);
        assertThat(referenceRefused).as("bodies the references refuse").isGreaterThan(1000);
        assertThat(outcomes).containsKeys("400 invalid_json", "400 invalid_field", "400 unknown_field", "400 invalid_body",
                "400 missing_field");
    }

    // ---- the references --------------------------------------------------------------------------

    private record Reference(boolean valid, Object text, Object author) {
        static final Reference REFUSED = new Reference(false, null, null);
    }

    private static Reference jackson(String body) {
        try {
            JsonNode node = JACKSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                return Reference.REFUSED;
            }
            return new Reference(true, node.isObject() && node.get("text") != null && node.get("text").isTextual()
                    ? node.get("text").textValue() : null,
                    node.isObject() && node.get("author") != null && node.get("author").isTextual() ? node.get("author").textValue() : null);
        } catch (Exception e) {
            return Reference.REFUSED;
        }
    }

    private static Reference gson(String body) {
        try (JsonReader reader = new JsonReader(new StringReader(body))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                return Reference.REFUSED;
            }
            Object text = null;
            if (element.isJsonObject() && element.getAsJsonObject().get("text") instanceof com.google.gson.JsonPrimitive p && p.isString()) {
                text = p.getAsString();
            }
            return new Reference(true, text, null);
        } catch (Exception | StackOverflowError e) {
            return Reference.REFUSED;
        }
    }

    // ---- the bodies ------------------------------------------------------------------------------

    private List<String> bodies() {
        List<String> bodies = new ArrayList<>(edgeCases());
        for (int i = 0; i < PER_KIND; i++) {
            bodies.add(validPost());
            bodies.add(validPost());
            bodies.add(withNumber());
            bodies.add(nested());
            bodies.add(withEscapes());
            bodies.add(withDuplicateOrExtraKeys());
            bodies.add(withWhitespace());
            bodies.add(mutated(validPost()));
            bodies.add(truncated(validPost()));
            bodies.add(randomJson(0));
            bodies.add(randomTokens());
        }
        return bodies;
    }

    private static List<String> edgeCases() {
        List<String> cases = new ArrayList<>();
        for (String number : List.of("1e9999999999", "1E2147483648", "0.1e-2147483648", "-1e-2147483649", "1e2147483647",
                "123456789012345678901234567890e-9999", "-0", "0e0", "1.0E+2", "01", "+1", ".5", "5.", "0x10", "NaN",
                "Infinity", "-Infinity", "1" + "0".repeat(999), "1" + "0".repeat(1000), "1." + "5".repeat(1200))) {
            cases.add("{\"text\":\"x\",\"author\":" + number + "}");
            cases.add("{\"text\":" + number + "}");
            cases.add("{\"text\":\"x\",\"n\":" + number + "}");
            cases.add("[" + number + "]");
            cases.add(number);
        }
        for (int depth : new int[] {1, 2, 62, 63, 64, 65, 66, 200, 1000}) {
            cases.add("{\"text\":\"x\",\"author\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
            cases.add("{\"text\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
            cases.add("[".repeat(depth) + "]".repeat(depth));
        }
        for (String text : List.of("\\ud83d\\ude00", "\\ud83d", "\\ude00", "\\ude00\\ud83d", "a\\ud800", "\\u0000", "\\u001f",
                "\\u007f", "\\u2028", "\\ufeff", "\\u00a0", "\\u2007", "\\u202f", "\\u3000", "\\u200b", "e\\u0301", "\\/", "\\x41",
                "\\u12", "\\U0041", "\\'", "\t", "\u0001", "\u007f", "😀", "\ud83d")) {
            cases.add("{\"text\":\"" + text + "\"}");
            cases.add("{\"text\":\"hi\",\"author\":\"" + text + "\"}");
            cases.add("{\"" + text + "\":\"hi\"}");
            cases.add("{\"text\":\"hi\",\"" + text + "\":1}");
        }
        cases.addAll(List.of("", " ", "null", "true", "\"text\"", "{}", "[]", "{\"text\":\"a\",\"text\":\"b\"}",
                "{\"text\":\"a\",\"author\":\"b\",\"author\":\"b\"}", "{\"text\":\"a\"} ", "{\"text\":\"a\"}\n\n",
                "\ufeff{\"text\":\"a\"}", "{\"text\":\"a\"}\u0000", "{\"text\":\"a\"} {}", "{\"text\":\"a\"},", "{\"text\":\"a\",}",
                "{'text':'a'}", "{text:\"a\"}", "{\"text\":\"a\" /* c */}", "// c\n{\"text\":\"a\"}", "{\"text\":\"a\"}#",
                "{\"text\":\"a\"\u00a0}", "{\"text\"\u2028:\"a\"}", "{\"text\":\"a\"\f}", "{\"text\":\"a\"\u000b}",
                "\r\n\t {\r\n\t\"text\"\r\n\t:\r\n\t\"a\"\r\n\t}\r\n\t", "{\"text\":\"a\",\"author\":null}",
                "{\"text\":null}", "{\"text\":true}", "{\"text\":[\"a\"]}", "{\"author\":\"a\"}", "{\"TEXT\":\"a\"}",
                "{\"text \":\"a\"}", "{\"text\":\"" + "x".repeat(2000) + "\"}", "{\"text\":\"" + "x".repeat(2001) + "\"}",
                "{\"text\":\"" + "😀".repeat(2000) + "\"}", "{\"text\":\"" + "😀".repeat(2001) + "\"}"));
        return cases;
    }

    private String validPost() {
        Map<String, Object> post = new LinkedHashMap<>();
        boolean hostile = random.nextInt(10) < 3;
        post.put("text", randomText(1 + random.nextInt(random.nextInt(10) == 0 ? 2100 : 40), hostile));
        int author = random.nextInt(4);
        if (author == 1) {
            post.put("author", randomText(1 + random.nextInt(70), hostile));
        } else if (author == 2) {
            post.put("author", null);
        }
        return random.nextBoolean() ? Json.write(post) : escapeAll(Json.write(post));
    }

    private String randomText(int codePoints) {
        return randomText(codePoints, true);
    }

    /** Random text; unless hostile, without control characters and lone surrogates (so that many are accepted). */
    private String randomText(int codePoints, boolean hostile) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int kind = random.nextInt(20);
            if (!hostile && (kind == 3 || kind == 4 || kind == 7 && random.nextBoolean())) {
                kind = 9;
            }
            int cp = switch (kind) {
                case 0 -> 0x1F600 + random.nextInt(80);          // emoji
                case 1 -> 0x0300 + random.nextInt(0x70);         // combining marks
                case 2 -> new int[] {0x00A0, 0x2007, 0x202F, 0x3000, 0x2028, 0x2029, 0x1680, 0x2000 + random.nextInt(11)}[random.nextInt(8)];
                case 3 -> random.nextInt(0x20);                  // controls
                case 4 -> 0xD800 + random.nextInt(0x800);        // a lone surrogate
                case 5 -> 0x10000 + random.nextInt(0xFFFF0);     // anything outside the BMP
                case 6 -> ' ';
                case 7 -> new int[] {'"', '\\', '/', '\'', '\t', '\n', '\r'}[random.nextInt(7)];
                case 8 -> 0x80 + random.nextInt(0x780);
                default -> 'a' + random.nextInt(26);
            };
            text.appendCodePoint(cp);
        }
        return text.toString();
    }

    /** The same JSON with every non-ASCII character as \\u escapes (surrogate pairs as two). */
    private static String escapeAll(String json) {
        StringBuilder out = new StringBuilder();
        for (char c : json.toCharArray()) {
            out.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    private String number() {
        String[] forms = {
            "1e" + (random.nextBoolean() ? "" : "-") + random.nextInt(Integer.MAX_VALUE),
            random.nextInt(10) + "." + random.nextInt(1000) + "E" + (random.nextBoolean() ? "+" : "-") + (Integer.MAX_VALUE - random.nextInt(3) + random.nextInt(3)),
            "1e" + random.nextLong(),
            "-" + "9".repeat(1 + random.nextInt(1100)),
            "0." + "0".repeat(random.nextInt(50)) + "1e-" + random.nextInt(Integer.MAX_VALUE),
            String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300)),
            String.valueOf(random.nextLong()),
            "0" + random.nextInt(100),
            "1e",
            "-",
            "1.e5",
        };
        return forms[random.nextInt(forms.length)];
    }

    private String withNumber() {
        String number = number();
        return switch (random.nextInt(4)) {
            case 0 -> "{\"text\":\"x\",\"author\":" + number + "}";
            case 1 -> "{\"text\":" + number + "}";
            case 2 -> "{\"n\":" + number + ",\"text\":\"x\"}";
            default -> "{\"text\":\"x\",\"author\":[" + number + "," + number() + "]}";
        };
    }

    private String nested() {
        int depth = 55 + random.nextInt(20);
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (random.nextBoolean()) {
                open.append('[');
                close.insert(0, ']');
            } else {
                open.append("{\"k").append(i).append("\":");
                close.insert(0, '}');
            }
        }
        String inner = open + "1" + close;
        return random.nextBoolean() ? "{\"text\":\"x\",\"author\":" + inner + "}" : "{\"text\":" + inner + "}";
    }

    private String withEscapes() {
        String[] escapes = {"\\ud83d\\ude00", "\\ud83d", "\\ude00", "\\u0000", "\\u00e9", "\\n", "\\t", "\\b", "\\f", "\\/", "\\\"",
            "\\\\", "\\x", "\\u", "\\u12g4", "\\a", "\\0", "\\uDBFF\\uDFFF", "\\uD800\\u0041"};
        StringBuilder text = new StringBuilder("a");
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            text.append(escapes[random.nextInt(escapes.length)]).append(randomText(random.nextInt(3)).replace("\\", "").replace("\"", ""));
        }
        return random.nextInt(3) == 0 ? "{\"" + text + "\":\"x\",\"text\":\"y\"}" : "{\"text\":\"" + text + "\"}";
    }

    private String withDuplicateOrExtraKeys() {
        List<String> members = new ArrayList<>(List.of("\"text\":\"a\""));
        String[] extra = {"\"text\":\"b\"", "\"author\":\"x\"", "\"author\":\"y\"", "\"id\":\"01HX\"", "\"Text\":\"c\"", "\"\":1",
            "\"te\\u0078t\":\"d\"", "\"createdAt\":\"2024-05-01T00:00:00.000Z\""};
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            members.add(random.nextInt(members.size() + 1), extra[random.nextInt(extra.length)]);
        }
        return "{" + String.join(",", members) + "}";
    }

    private String withWhitespace() {
        String[] spaces = {" ", "\t", "\n", "\r", "\r\n", "", "\u00a0", "\u2028", "\ufeff", "\f", "\u000b", "\u3000", "\u0000"};
        String[] tokens = {"{", "\"text\"", ":", "\"a b\"", ",", "\"author\"", ":", "\"c\"", "}"};
        StringBuilder body = new StringBuilder();
        for (String token : tokens) {
            body.append(random.nextInt(3) == 0 ? spaces[random.nextInt(spaces.length)] : random.nextBoolean() ? " " : "").append(token);
        }
        return body.append(random.nextInt(3) == 0 ? spaces[random.nextInt(spaces.length)] : "").toString();
    }

    private String mutated(String body) {
        StringBuilder out = new StringBuilder(body);
        for (int i = 0, n = 1 + random.nextInt(3); i < n && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, INSERTED.charAt(random.nextInt(INSERTED.length())));
                default -> out.setCharAt(at, (char) random.nextInt(0x80));
            }
        }
        return out.toString();
    }

    private String truncated(String body) {
        return body.substring(0, random.nextInt(body.length()));
    }

    private String randomJson(int depth) {
        int kind = random.nextInt(depth > 4 ? 4 : 7);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> random.nextBoolean() ? number() : String.valueOf(random.nextInt());
            case 3 -> Json.write(randomText(random.nextInt(8)));
            case 4, 5 -> {
                Map<String, String> members = new LinkedHashMap<>();
                if (depth == 0 && random.nextBoolean()) {
                    members.put("text", Json.write(randomText(1 + random.nextInt(5))));
                }
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    String[] names = {"text", "author", "x", randomText(2)};
                    members.put(names[random.nextInt(names.length)], randomJson(depth + 1));
                }
                StringBuilder out = new StringBuilder("{");
                members.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append(Json.write(name)).append(':').append(value));
                yield out.append('}').toString();
            }
            default -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    out.append(i > 0 ? "," : "").append(randomJson(depth + 1));
                }
                yield out.append(']').toString();
            }
        };
    }

    private String randomTokens() {
        String[] tokens = {"{", "}", "[", "]", ",", ":", "\"text\"", "\"author\"", "\"a\"", "1", "-0.5e3", "true", "null", " ", "1e99999999999"};
        StringBuilder out = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
            out.append(tokens[random.nextInt(tokens.length)]);
        }
        return out.toString();
    }

    private static String printable(String body) {
        String shown = body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + " chars)" : body;
        StringBuilder out = new StringBuilder();
        shown.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }
}
