package org.ketaminefhir.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SMART app's authorization-code flow with PKCE (S256) against the embedded authorization server, step by step over
 * plain HTTP as a browser would do it: authorize, sign in at the login form, (pick a patient), receive the code at the
 * redirect URI, exchange it at the token endpoint. No redirect is followed automatically, so a test can look at each.
 */
public final class AuthorizationCodeFlow {

    private static final Pattern CSRF =
            Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private final String origin;
    private final String clientId;
    private final String redirectUri;
    private final HttpClient browser;
    private final String verifier;
    private String lastLocation;

    public AuthorizationCodeFlow(String origin, String clientId, String redirectUri) {
        this.origin = origin;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The whole flow as the test clinic's app: returns the token endpoint's answer. */
    public static Tokens.TokenResponse login(String origin, String username, String scope, Map<String, String> extra) {
        AuthorizationCodeFlow flow = new AuthorizationCodeFlow(origin, TestClinic.APP, TestClinic.APP_REDIRECT);
        HttpResponse<String> answer = flow.authorize(scope, extra);
        if (isLoginRedirect(answer)) {
            answer = flow.signIn(username, TestClinic.PASSWORD);
        }
        String code = flow.code(answer);
        return flow.exchange(code);
    }

    /** Step 1: the app sends the browser to the authorization endpoint. */
    public HttpResponse<String> authorize(String scope, Map<String, String> extra) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", scope);
        query.put("state", "state-" + System.nanoTime());
        query.put("aud", origin + "/fhir");
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        query.putAll(extra);
        query.values().removeIf(v -> v == null);
        return get(origin + "/oauth2/authorize?" + form(query));
    }

    /** Step 2, after {@link #authorize}: sign in if the authorization server asks for it. */
    public HttpResponse<String> signIn(String username, String password, HttpResponse<String> authorizeAnswer) {
        return isLoginRedirect(authorizeAnswer) ? signIn(username, password) : authorizeAnswer;
    }

    /** Posts the login form with wrong credentials and returns where the server sends the browser. */
    public String signInExpectingFailure(String username, String password) {
        HttpResponse<String> page = get(origin + "/login");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        form.put("_csrf", csrf(page.body()));
        return location(post(origin + "/login", form));
    }

    /** Step 2: the login form (the authorization request redirected there), then back to the saved request. */
    public HttpResponse<String> signIn(String username, String password) {
        HttpResponse<String> page = get(origin + "/login");
        String csrf = csrf(page.body());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        form.put("_csrf", csrf);
        HttpResponse<String> posted = post(origin + "/login", form);
        String location = location(posted);
        if (location == null || location.contains("error")) {
            throw new IllegalStateException("login refused: " + posted.statusCode() + " " + location);
        }
        return get(absolute(location));
    }

    /** The patient picker: choose this patient and go back to the authorization request. */
    public HttpResponse<String> pick(HttpResponse<String> pickerRedirect, String patientId) {
        String pickerUrl = absolute(location(pickerRedirect));
        HttpResponse<String> page = get(pickerUrl);
        if (page.statusCode() != 200) {
            throw new IllegalStateException("patient picker answered " + page.statusCode() + ": " + page.body());
        }
        Map<String, String> query = parseQuery(URI.create(pickerUrl).getRawQuery());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", query.get("client_id"));
        form.put("return", query.get("return"));
        form.put("patient", patientId);
        form.put("_csrf", csrf(page.body()));
        HttpResponse<String> posted = post(origin + "/smart/patient-picker", form);
        return get(absolute(location(posted)));
    }

    /** Step 3: the code in the redirect to the app. */
    public String code(HttpResponse<String> answer) {
        String location = location(answer);
        if (location == null || !location.startsWith(redirectUri)) {
            throw new IllegalStateException("expected a redirect to the app, got " + answer.statusCode() + " "
                    + location + " " + answer.body());
        }
        Map<String, String> query = parseQuery(URI.create(location).getRawQuery());
        if (query.containsKey("error")) {
            throw new IllegalStateException("authorization refused: " + query);
        }
        return query.get("code");
    }

    /** Step 4: the code for tokens (a public client: client_id and the PKCE verifier, no secret). */
    public Tokens.TokenResponse exchange(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", clientId);
        form.put("code_verifier", verifier);
        return Tokens.post(origin + "/oauth2/token", form);
    }

    public static boolean isLoginRedirect(HttpResponse<String> answer) {
        String location = answer.headers().firstValue("Location").orElse("");
        return answer.statusCode() == 302 && location.endsWith("/login");
    }

    public static String location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").orElse(null);
    }

    public String lastLocation() {
        return lastLocation;
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private HttpResponse<String> post(String url, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = browser.send(request, HttpResponse.BodyHandlers.ofString());
            lastLocation = location(response);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String absolute(String location) {
        return location.startsWith("http") ? location : origin + location;
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in page: " + html);
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    public static Map<String, String> parseQuery(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        if (query == null) {
            return values;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return values;
    }

    /** The claims of a JWT, unverified (the test reads what the server put in). */
    public static JsonNode claims(String jwt) {
        try {
            String payload = jwt.split("\\.")[1];
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(Base64.getUrlDecoder().decode(payload));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
