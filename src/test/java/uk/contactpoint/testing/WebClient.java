package uk.contactpoint.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser over real HTTP for tests: keeps cookies (including Secure ones, as browsers do for localhost),
 * does not follow redirects, and fills in the CSRF token of the last page it read.
 */
public final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SET_COOKIE = Pattern.compile("^([^=;]+)=([^;]*)");

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf;

    public WebClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .GET());
    }

    /** Posts a form with the CSRF token of the last page read. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** Posts a JSON body, as a script in the signed-in session would: the CSRF token of the last page read in a header. */
    public HttpResponse<String> postJson(String path, String json) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            request.header("X-CSRF-TOKEN", csrf);
        }
        return send(request);
    }

    private String encode(Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (csrf != null) {
            fields.putIfAbsent("_csrf", csrf);
        }
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Follows a redirect response (or returns it as it is) and reads the page. */
    public HttpResponse<String> follow(HttpResponse<String> response) {
        var current = response;
        for (int i = 0; i < 5 && current.statusCode() / 100 == 3; i++) {
            current = get(current.headers().firstValue("Location").orElseThrow());
        }
        return current;
    }

    /** The cookies this client holds (its session, once signed in), as a {@code Cookie} request header. */
    public String cookieHeader() {
        return cookies.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return response;
    }

    /** Posts a form with the CSRF token of the last page read, and reads the answer as bytes (a PDF, say). */
    public HttpResponse<byte[]> postForBytes(String path, Map<String, String> form) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(encode(form))),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookieHeader());
        }
        try {
            HttpResponse<T> response = http.send(request.build(), body);
            for (String header : response.headers().allValues("Set-Cookie")) {
                Matcher m = SET_COOKIE.matcher(header);
                if (m.find()) {
                    if (header.toLowerCase().contains("max-age=0")) {
                        cookies.remove(m.group(1));
                    } else {
                        cookies.put(m.group(1), m.group(2));
                    }
                }
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs in with password and TOTP code; returns the page shown after the second factor. */
    public HttpResponse<String> signIn(String username, String password, String totpSecret) {
        get("/sign-in");
        var afterPassword = post("/sign-in", Map.of("username", username, "password", password));
        String next = afterPassword.headers().firstValue("Location").orElse("");
        if (!next.endsWith("/sign-in/second-factor")) {
            return follow(afterPassword);
        }
        get("/sign-in/second-factor");
        return follow(post("/sign-in/second-factor", Map.of("code", Oathtool.code(totpSecret))));
    }
}
