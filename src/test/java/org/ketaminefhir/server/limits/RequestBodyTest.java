package org.ketaminefhir.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure body checks, one row per rule, at their boundaries. */
class RequestBodyTest {

    private static final String JSON = "application/fhir+json";
    private static final String XML = "application/fhir+xml";
    private static final RequestBody CHECK = new RequestBody(RequestLimits.defaults());

    static Stream<Arguments> bodies() {
        return Stream.of(
                // body, content type, expected status (0 = accepted), words of the message
                row("{\"resourceType\":\"Patient\",\"active\":true}", JSON, 0, ""),
                row("{\"resourceType\":\"Patient\",\"active\":true}", "application/json; charset=utf-8", 0, ""),
                row("\uFEFF{\"resourceType\":\"Patient\"}", JSON, 0, ""),
                row(
                        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Ø\u00e9\u4e2d\ud83d\ude00\"}]}",
                        JSON,
                        0,
                        ""),
                row("{\"resourceType\":\"Patient\",\"resourceType\":\"Group\"}", JSON, 400, "Duplicate field"),
                row("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u0000b\"}]}", JSON, 400, "U+0000"),
                row("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"tab\\tnewline\\n\"}]}", JSON, 0, ""),
                row(
                        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"\\ud800\"}]}",
                        JSON,
                        400,
                        "unpaired surrogate"),
                row("{\"resourceType\":\"Observation\",\"valueDecimal\":1e1001}", JSON, 400, "out of range"),
                row("{\"resourceType\":\"Observation\",\"valueDecimal\":1e1000}", JSON, 0, ""),
                row("{\"resourceType\":\"Observation\",\"valueInteger\":9223372036854775807}", JSON, 0, ""),
                row(
                        "{\"resourceType\":\"Observation\",\"valueInteger\":9223372036854775808}",
                        JSON,
                        400,
                        "out of range"),
                row("{\"resourceType\":\"Observation\",\"valueDecimal\":NaN}", JSON, 400, "not valid JSON"),
                row("{\"resourceType\":\"Patient\" /* c */}", JSON, 400, "not valid JSON"),
                row("{\"resourceType\":\"Patient\"", JSON, 400, "not valid JSON"),
                row("<Patient xmlns=\"http://hl7.org/fhir\"/>", JSON, 400, "says JSON"),
                row("{\"resourceType\":\"Patient\"}", XML, 400, "says XML"),
                row("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>", XML, 0, ""),
                row(
                        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&e;\"/></name></Patient>",
                        XML,
                        400,
                        "DOCTYPE"),
                row("<!DOCTYPE Patient><Patient xmlns=\"http://hl7.org/fhir\"/>", XML, 400, "DOCTYPE"),
                row(
                        "<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"></Patient>",
                        XML,
                        400,
                        "well-formed"),
                row("[1,2]", "application/x-www-form-urlencoded", 0, ""),
                row(nested(100), JSON, 0, ""),
                row(nested(101), JSON, 400, "limit"),
                row(bundle(1000), JSON, 0, ""),
                row(bundle(1001), JSON, 413, "more than 1000 entries"),
                row(xmlBundle(1000), XML, 0, ""),
                row(xmlBundle(1001), XML, 413, "more than 1000 entries"),
                row("{\"resourceType\":\"Binary\",\"data\":\"" + "A".repeat(1_000_000) + "\"}", JSON, 0, ""),
                row("{\"resourceType\":\"Binary\",\"data\":\"" + "A".repeat(1_000_001) + "\"}", JSON, 400, "limit"));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void eachBodyIsAcceptedOrRefusedWithItsReason(String body, String contentType, int status, String words) {
        Optional<RequestBody.Refusal> refusal = CHECK.check(body.getBytes(StandardCharsets.UTF_8), contentType);

        if (status == 0) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(status);
                assertThat(r.message()).contains(words);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("invalidUtf8")
    void bytesThatAreNotUtf8AreRefused(byte[] body) {
        assertThat(CHECK.check(body, JSON)).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.message()).contains("not valid UTF-8");
        });
    }

    static Stream<byte[]> invalidUtf8() {
        byte[] prefix = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}]}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                        new byte[] {(byte) 0xC3},
                        new byte[] {(byte) 0xFF},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xC0, (byte) 0xAF},
                        new byte[] {(byte) 0xE9, 'x'})
                .map(bad -> {
                    byte[] body = new byte[prefix.length + bad.length + suffix.length];
                    System.arraycopy(prefix, 0, body, 0, prefix.length);
                    System.arraycopy(bad, 0, body, prefix.length, bad.length);
                    System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
                    return body;
                });
    }

    /** A Patient whose JSON nests objects and arrays {@code depth} deep (the root object counts as one). */
    private static String nested(int depth) {
        // root object (1) + extension array + object pairs
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Patient\"");
        int open = 1;
        while (open + 2 <= depth) {
            json.append(",\"extension\":[{\"url\":\"http://example.org/x\"");
            open += 2;
        }
        if (open < depth) {
            json.append(",\"a\":[");
            open++;
            json.append("]");
        }
        json.append("}]".repeat((open - 1) / 2));
        return json.append("}").toString();
    }

    private static String bundle(int entries) {
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < entries; i++) {
            json.append(i == 0 ? "" : ",")
                    .append(
                            "{\"resource\":{\"resourceType\":\"Basic\"},\"request\":{\"method\":\"POST\",\"url\":\"Basic\"}}");
        }
        return json.append("]}").toString();
    }

    private static String xmlBundle(int entries) {
        StringBuilder xml = new StringBuilder("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"batch\"/>");
        for (int i = 0; i < entries; i++) {
            xml.append(
                    "<entry><resource><Basic/></resource><request><method value=\"POST\"/><url value=\"Basic\"/></request></entry>");
        }
        return xml.append("</Bundle>").toString();
    }

    private static Arguments row(String body, String contentType, int status, String words) {
        return Arguments.of(body, contentType, status, words);
    }
}
