package dev.notesbackup.notes.local;

import dev.notesbackup.notes.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Serves the notes page (the repository's {@code notes-web/}, packaged in this module's jar as the
 * classpath folder {@value #RESOURCES}) on a port of its own, so the page is a different origin from
 * the API as it is when hosted. {@code /config.json} is made here and points the page at the API;
 * every answer carries {@link #securityHeaders(URI) the headers the README recommends for any host}.
 * <p>
 * Bound first and started later: the page's origin must be among the API's allowed origins before
 * the API starts, and the page needs the API's address, known once the API listens.
 */
public final class LocalWebServer implements AutoCloseable {
    /** Where the page's files are on the classpath. */
    public static final String RESOURCES = "notes-web/";

    private final Server server;
    private final ServerConnector connector;

    private LocalWebServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Listens on {@code host:port} (0 picks a free one); nothing is served until {@link #start(URI)}. */
    public static LocalWebServer bind(String host, int port) throws IOException {
        ServerConnector connector = LocalJetty.connector("notes-local-web", 8, 2, host, port, http -> { });
        Server server = connector.getServer();
        connector.open();
        return new LocalWebServer(server, connector);
    }

    /** The page's origin, {@code http://host:port}: what a browser sends as {@code Origin} from it. */
    public URI origin() {
        return LocalJetty.baseUri(connector);
    }

    /** Serves the page, pointed at the API at {@code apiBase}. */
    public void start(URI apiBase) throws Exception {
        Resource page = ResourceFactory.of(server).newClassLoaderResource(RESOURCES);
        if (page == null || !page.isDirectory()) {
            throw new IllegalStateException("the notes page's files (" + RESOURCES + ") are not on the classpath:"
                    + " build notes-tools with mvn package, which copies them from notes-web/");
        }
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(page);
        files.setDirAllowed(false);
        files.setWelcomeFiles("index.html");
        files.setCacheControl("no-cache"); // a new version of the page shows at once
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        ContextHandler context = new ContextHandler(new PageHandler(files, securityHeaders(apiBase), config(apiBase)), "/");
        // the resource handler takes its types from the context; the page's files are UTF-8
        context.getMimeTypes().addMimeMapping("html", "text/html;charset=utf-8");
        context.getMimeTypes().addMimeMapping("js", "text/javascript;charset=utf-8");
        context.getMimeTypes().addMimeMapping("css", "text/css;charset=utf-8");
        server.setHandler(context);
        server.start();
    }

    /**
     * The headers for the page on any host: a Content-Security-Policy that lets it load only its own
     * files and talk only to itself (config.json) and the API (the page has no inline script or style,
     * so none need be allowed), never be framed, and send no referrer; and no content sniffing.
     */
    public static Map<String, String> securityHeaders(URI apiBase) {
        String apiOrigin = apiBase.getScheme() + "://" + apiBase.getRawAuthority();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", "default-src 'self'; connect-src 'self' " + apiOrigin
                + "; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        return headers;
    }

    /** The page's config.json: the API's base URL. */
    static String config(URI apiBase) {
        return Json.write(Map.of("apiBaseUrl", apiBase.toString().replaceAll("/+$", "")));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the page's server did not stop: " + e, e);
        }
    }

    /** Security headers on every answer, config.json from memory, the page's files from the classpath. */
    private static final class PageHandler extends Handler.Wrapper {
        private final Map<String, String> headers;
        private final byte[] config;

        PageHandler(ResourceHandler files, Map<String, String> headers, String config) {
            super(files);
            this.headers = headers;
            this.config = config.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            headers.forEach(response.getHeaders()::put);
            boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
            if (read && Request.getPathInContext(request).equals("/config.json")) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                response.write(true, request.getMethod().equals("HEAD") ? null : ByteBuffer.wrap(config), callback);
                return true;
            }
            return super.handle(request, response, callback);
        }
    }
}
