package dev.convnet.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for end-to-end tests against the running app. Sends the test admin key unless told otherwise
 * ({@link #withKey}, {@link #anonymous}).
 */
public final class ApiClient {

    public record Response(int status, String contentType, String body, String location,
                           java.net.http.HttpHeaders headers) {

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;
    private final java.util.Map<String, String> extraHeaders;

    public ApiClient(int port) {
        this(port, TestKeys.ADMIN);
    }

    /** @param key the API key to send, or null for none */
    public ApiClient(int port, String key) {
        this("http://localhost:" + port, key, java.util.Map.of());
    }

    private ApiClient(String base, String key, java.util.Map<String, String> extraHeaders) {
        this.base = base;
        this.key = key;
        this.extraHeaders = extraHeaders;
    }

    public ApiClient withKey(String otherKey) {
        return new ApiClient(base, otherKey, extraHeaders);
    }

    public ApiClient anonymous() {
        return withKey(null);
    }

    /** A client that adds this header to every request, e.g. a browser's {@code Origin}. */
    public ApiClient withHeader(String name, String value) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(extraHeaders);
        headers.put(name, value);
        return new ApiClient(base, key, headers);
    }

    /** Any request, with this client's key and headers. */
    public Response send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public Response get(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET().build());
    }

    /** A response whose body is kept as bytes (file downloads). */
    public record BinaryResponse(int status, java.net.http.HttpHeaders headers, byte[] body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public BinaryResponse getBytes(String path) {
        try {
            HttpResponse<byte[]> response = http.send(authorized(HttpRequest.newBuilder(URI.create(base + path)).GET().build()),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new BinaryResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response post(String path, JsonNode json) {
        return post(path, JSON.writeValueAsString(json));
    }

    /** A multipart/form-data POST with one file part and text fields. */
    public Response postMultipart(String path, String fileField, String fileName, byte[] content,
                                  java.util.Map<String, String> fields) {
        String boundary = "----convnet" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(utf8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(utf8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** One part of a multipart upload. */
    public record FilePart(String field, String fileName, String contentType, byte[] content) {
    }

    /** A multipart/form-data POST with any number of file parts. */
    public Response postFiles(String path, java.util.List<FilePart> parts) {
        String boundary = "----convnet" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        for (FilePart part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.field()
                    + "\"; filename=\"" + part.fileName() + "\"\r\nContent-Type: " + part.contentType() + "\r\n\r\n")
                    .getBytes(utf8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(utf8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(utf8));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** A POST whose body is {@code content} with the given content type, e.g. one image. */
    public Response postBytes(String path, String contentType, byte[] content) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build());
    }

    /** The request with this client's key and headers added. */
    public HttpRequest authorized(HttpRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        extraHeaders.forEach(builder::header);
        return builder.build();
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(authorized(request), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers().firstValue("Location").orElse(null), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
