package org.ketaminefhir.server.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A corpus of request bodies that must all be refused: each of the IG's examples mutated in one of many ways, from
 * broken bytes and broken JSON to well-formed JSON that is not a valid resource. Seeded, so a failure can be replayed.
 */
public final class MalformedBodies {

    private static final String JSON = "application/fhir+json";
    private static final String XML = "application/fhir+xml";
    private static final Pattern STRING_VALUE = Pattern.compile(":\"([^\"\\\\]{2,})\"");

    /** One body to POST to {@code path} (relative to the FHIR base). */
    public record Body(String kind, String path, String contentType, byte[] bytes) {
        @Override
        public String toString() {
            return kind + " " + path + " (" + bytes.length + " bytes)";
        }
    }

    /** A way of breaking an example; {@code heavy} kinds (megabytes each) are made only a few times. */
    public enum Kind {
        TRUNCATED(
                false,
                (e, r) -> json(e, e.json().substring(0, 1 + r.nextInt(e.json().lastIndexOf('}'))))),
        INVALID_UTF8(false, (e, r) -> {
            byte[][] bad = {
                {(byte) 0xFF},
                {(byte) 0xC3},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x28, (byte) 0xA1}
            };
            return body(e, JSON, insertIntoString(e.json(), r, bad[r.nextInt(bad.length)]));
        }),
        LATIN1_ENCODED(
                false,
                (e, r) -> body(
                        e,
                        JSON,
                        withValue(e.json(), r, "Jos\u00e9 M\u00fcller").getBytes(StandardCharsets.ISO_8859_1))),
        DUPLICATE_KEY(
                false,
                (e, r) -> json(e, e.json().replaceFirst("\\{", "{\"resourceType\":\"" + e.resourceType() + "\","))),
        DUPLICATE_NESTED_KEY(
                false,
                (e, r) -> json(e, e.json().replaceFirst("\"id\":\"([^\"]*)\"", "\"id\":\"$1\",\"id\":\"other\""))),
        CONTROL_CHARACTER(false, (e, r) -> json(e, withValue(e.json(), r, "a\\u000" + (1 + r.nextInt(8)) + "b"))),
        UNPAIRED_SURROGATE(false, (e, r) -> json(e, withValue(e.json(), r, "x\\ud83dy"))),
        NESTED_TOO_DEEP(false, (e, r) -> {
            int levels = 51 + r.nextInt(40); // each level is an array and an object: 102 to 180 deep
            return json(
                    e,
                    "{\"extension\":" + "[{\"url\":\"http://example.org/n\",\"extension\":".repeat(levels) + "[]"
                            + "}]".repeat(levels) + "," + e.json().substring(1));
        }),
        EXPONENT_OUT_OF_RANGE(
                false,
                (e, r) -> json(e, e.json().replaceFirst("\\{", "{\"_n\":1e" + (1001 + r.nextInt(1_000_000)) + ","))),
        INTEGER_OUT_OF_RANGE(
                false,
                (e, r) -> json(e, e.json().replaceFirst("\\{", "{\"_n\":9" + "9".repeat(19 + r.nextInt(60)) + ","))),
        NOT_A_NUMBER(
                false,
                (e, r) -> json(
                        e, e.json().replaceFirst("\\{", "{\"_n\":" + (r.nextBoolean() ? "NaN" : "-Infinity") + ","))),
        COMMENT(false, (e, r) -> json(e, e.json().replaceFirst("\\{", "{/* " + r.nextInt() + " */"))),
        TRAILING_GARBAGE(false, (e, r) -> json(e, e.json() + (r.nextBoolean() ? "}" : ",{}"))),
        TOP_LEVEL_ARRAY(false, (e, r) -> json(e, "[" + e.json() + "]")),
        SINGLE_QUOTES(false, (e, r) -> json(e, e.json().replaceFirst("\"resourceType\"", "'resourceType'"))),
        XML_SENT_AS_JSON(false, (e, r) -> body(e, JSON, MalformedBodies.xml(e))),
        JSON_SENT_AS_XML(false, (e, r) -> body(e, XML, bytes(e.json()))),
        XML_EXTERNAL_ENTITY(
                false,
                (e, r) -> body(
                        e,
                        XML,
                        bytes("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                + new String(MalformedBodies.xml(e), StandardCharsets.UTF_8)
                                        .replaceFirst("<id value=\"[^\"]*\"/>", "<id value=\"&x;\"/>")))),
        XML_ENTITY_EXPANSION(
                false,
                (e, r) -> body(
                        e,
                        XML,
                        bytes(
                                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                                        + new String(MalformedBodies.xml(e), StandardCharsets.UTF_8)))),
        XML_NOT_WELL_FORMED(false, (e, r) -> {
            String xml = new String(MalformedBodies.xml(e), StandardCharsets.UTF_8);
            return body(e, XML, bytes(xml.substring(0, 1 + r.nextInt(xml.length() - 2))));
        }),
        UNKNOWN_RESOURCE_TYPE(
                false,
                (e, r) -> json(
                        e,
                        e.json()
                                .replaceFirst(
                                        "\"resourceType\":\"" + e.resourceType() + "\"",
                                        "\"resourceType\":\"Ketamine" + e.resourceType() + "\""))),
        TYPE_DIFFERS_FROM_URL(
                false,
                (e, r) -> new Body(
                        "TYPE_DIFFERS_FROM_URL",
                        "/" + (e.resourceType().equals("Patient") ? "Observation" : "Patient"),
                        JSON,
                        bytes(e.json()))),
        UNKNOWN_ELEMENT(
                false,
                (e, r) -> json(e, e.json().replaceFirst("\\{", "{\"ketamineDose" + r.nextInt(1000) + "\":\"high\","))),
        WRONG_JSON_TYPE(
                false,
                (e, r) -> json(
                        e,
                        e.json()
                                .replaceFirst(
                                        "\"id\":(\"[^\"]*\")",
                                        r.nextBoolean() ? "\"id\":{\"value\":$1}" : "\"id\":[$1]"))),
        INVALID_DATE(
                false,
                (e, r) -> json(
                        e,
                        e.json()
                                .replaceFirst(
                                        "\\{",
                                        "{\"meta\":{\"lastUpdated\":\"2024-13-" + (32 + r.nextInt(60))
                                                + "T25:61:00Z\"},")
                                .replaceFirst(",\"meta\":\\{", ",\"_meta\":{"))),
        INVALID_ID(
                false,
                (e, r) -> json(
                        e,
                        e.json().replaceFirst("\"id\":\"[^\"]*\"", "\"id\":\"bad id/with*" + r.nextInt(100) + "\""))),
        EMPTY_OBJECT(false, (e, r) -> json(e, e.json().replaceFirst("\\{", "{\"text\":{},"))),
        NULL_VALUE(false, (e, r) -> json(e, e.json().replaceFirst("\\{", "{\"language\":null,"))),
        EMPTY_BODY(false, (e, r) -> json(e, r.nextBoolean() ? "" : "   ")),
        JSON_NULL(false, (e, r) -> json(e, r.nextBoolean() ? "null" : "{}")),
        STRING_TOO_LONG(true, (e, r) -> json(e, withValue(e.json(), r, "A".repeat(1_000_001 + r.nextInt(1000))))),
        TOO_MANY_ENTRIES(true, (e, r) -> {
            StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\""
                    + (r.nextBoolean() ? "batch" : "transaction") + "\",\"entry\":[");
            for (int i = 0; i < 1001; i++) {
                bundle.append(i == 0 ? "" : ",")
                        .append("{\"resource\":")
                        .append(e.json().replaceFirst("\"id\":\"[^\"]*\",?", ""))
                        .append(",\"request\":{\"method\":\"POST\",\"url\":\"")
                        .append(e.resourceType())
                        .append("\"}}");
            }
            return new Body(
                    "TOO_MANY_ENTRIES", "", JSON, bytes(bundle.append("]}").toString()));
        }),
        BODY_TOO_LARGE(
                true,
                (e, r) -> json(
                        e,
                        e.json()
                                .replaceFirst(
                                        "\\{",
                                        "{\"_pad\":[" + "\"0123456789\",".repeat(900_000 + r.nextInt(1000))
                                                + "\"\"],")));

        final boolean heavy;
        final BiFunction<IgExamples.Example, Random, Body> make;

        Kind(boolean heavy, BiFunction<IgExamples.Example, Random, Body> make) {
            this.heavy = heavy;
            this.make = make;
        }
    }

    private MalformedBodies() {}

    /**
     * At least {@code count} bodies: every light kind in turn over the examples in turn, and each heavy kind twice.
     */
    public static List<Body> corpus(int count, long seed) {
        Random random = new Random(seed);
        List<IgExamples.Example> examples =
                IgExamples.all().stream().map(MalformedBodies::compact).toList();
        List<Kind> light =
                java.util.Arrays.stream(Kind.values()).filter(k -> !k.heavy).toList();
        List<Body> corpus = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (kind.heavy) {
                for (int i = 0; i < 2; i++) {
                    corpus.add(withKind(kind, kind.make.apply(examples.get(random.nextInt(examples.size())), random)));
                }
            }
        }
        for (int i = 0; corpus.size() < count; i++) {
            Kind kind = light.get(i % light.size());
            IgExamples.Example example = examples.get((i * 7 + i / light.size()) % examples.size());
            corpus.add(withKind(kind, kind.make.apply(example, random)));
        }
        return corpus;
    }

    /** The example in compact JSON (no spaces after colons), the form the mutations match. */
    private static IgExamples.Example compact(IgExamples.Example example) {
        try {
            String json = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(example.json())
                    .toString();
            return new IgExamples.Example(
                    example.file(), example.resourceType(), example.id(), json, example.profiles());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Body withKind(Kind kind, Body body) {
        if (body.contentType().equals(JSON)
                && IgExamples.all().stream()
                        .anyMatch(e -> body.path().equals("/" + e.resourceType())
                                && java.util.Arrays.equals(
                                        compact(e).json().getBytes(StandardCharsets.UTF_8), body.bytes()))) {
            throw new IllegalStateException(kind + " left an example unchanged: the generator's pattern did not match");
        }
        return new Body(kind.name(), body.path(), body.contentType(), body.bytes());
    }

    private static Body json(IgExamples.Example example, String json) {
        return body(example, JSON, bytes(json));
    }

    private static Body body(IgExamples.Example example, String contentType, byte[] bytes) {
        return new Body("", "/" + example.resourceType(), contentType, bytes);
    }

    /** Replaces one string value of the example (chosen at random) with {@code value} (already JSON-escaped). */
    private static String withValue(String json, Random random, String value) {
        List<int[]> spans = stringValues(json);
        int[] span = spans.get(random.nextInt(spans.size()));
        return json.substring(0, span[0]) + value + json.substring(span[1]);
    }

    /** Puts raw bytes in the middle of one string value of the example. */
    private static byte[] insertIntoString(String json, Random random, byte[] bad) {
        List<int[]> spans = stringValues(json);
        int[] span = spans.get(random.nextInt(spans.size()));
        byte[] before = bytes(json.substring(0, span[0] + 1));
        byte[] after = bytes(json.substring(span[0] + 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before);
        out.writeBytes(bad);
        out.writeBytes(after);
        return out.toByteArray();
    }

    private static List<int[]> stringValues(String json) {
        List<int[]> spans = new ArrayList<>();
        Matcher matcher = STRING_VALUE.matcher(json);
        while (matcher.find()) {
            spans.add(new int[] {matcher.start(1), matcher.end(1)});
        }
        return spans;
    }

    private static byte[] xml(IgExamples.Example example) {
        IBaseResource resource = FhirServerTestBase.FHIR.newJsonParser().parseResource(example.json());
        return bytes(FhirServerTestBase.FHIR.newXmlParser().encodeResourceToString(resource));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
