package dev.notesbackup.notes.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** API Gateway HTTP API (payload 2.0) events for tests. */
public final class Requests {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private String body;
    private boolean base64;
    private String requestId = "req-1";

    private Requests(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public static Requests get(String path) {
        return new Requests("GET", path);
    }

    public static Requests post(String path, String jsonBody) {
        Requests request = new Requests("POST", path);
        request.body = jsonBody;
        request.headers.put("content-type", "application/json");
        return request;
    }

    public static Requests method(String method, String path) {
        return new Requests(method, path);
    }

    public Requests header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    public Requests query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public Requests base64Body(String encoded) {
        this.body = encoded;
        this.base64 = true;
        return this;
    }

    public Requests body(String text) {
        this.body = text;
        return this;
    }

    public Requests requestId(String id) {
        this.requestId = id;
        return this;
    }

    public APIGatewayV2HTTPEvent event() {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withHeaders(new LinkedHashMap<>(headers))
                .withQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(requestId)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .build())
                        .build())
                .build();
    }
}
