package org.ketaminefhir.server.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Checks a request body against the {@link RequestLimits} and the rules of FHIR's formats before HAPI parses it: UTF-8
 * only (FHIR R4 http.html), no duplicate JSON keys and no NaN or comments (json.html follows RFC 8259 strictly), no
 * control characters in strings (datatypes.html, string), no DOCTYPE in XML (xml.html), numbers within range, strings and
 * nesting within bounds, and no more bundle entries than allowed. Pure: no servlet, no Spring, no database.
 */
public final class RequestBody {

    /** Why a body is refused: the HTTP status and what to tell the client. */
    public record Refusal(int status, String message) {}

    /** A decimal's exponent beyond this is out of range for any FHIR decimal this server stores. */
    static final int MAX_DECIMAL_EXPONENT = 1000;

    private static final int MAX_NUMBER_LENGTH = 100;

    private static final XMLInputFactory XML = xmlFactory();

    private final RequestLimits limits;
    private final JsonFactory json;

    public RequestBody(RequestLimits limits) {
        this.limits = limits;
        this.json = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
    }

    /** The body's format, from its Content-Type; null when this check does not apply (form posts, no body type). */
    public enum Format {
        JSON,
        XML;

        public static Format of(String contentType) {
            if (contentType == null) {
                return null;
            }
            String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
            if (type.endsWith("json") || type.endsWith("+json")) {
                return JSON;
            }
            if (type.endsWith("/xml") || type.endsWith("+xml")) {
                return XML;
            }
            return null;
        }
    }

    /** The reason to refuse this body, or empty when it may go on to HAPI. */
    public Optional<Refusal> check(byte[] body, String contentType) {
        Format format = Format.of(contentType);
        if (format == null || body.length == 0) {
            return Optional.empty();
        }
        Optional<Refusal> encoding = checkUtf8(body);
        if (encoding.isPresent()) {
            return encoding;
        }
        int first = firstNonWhitespace(body);
        if (first < 0) {
            return Optional.empty(); // HAPI answers an empty body itself
        }
        if (format == Format.JSON && body[first] == '<') {
            return bad("The Content-Type says JSON (" + contentType + ") but the body is XML");
        }
        if (format == Format.XML && (body[first] == '{' || body[first] == '[')) {
            return bad("The Content-Type says XML (" + contentType + ") but the body is JSON");
        }
        return format == Format.JSON ? checkJson(body) : checkXml(body);
    }

    private Optional<Refusal> checkJson(byte[] body) {
        int entries = 0;
        try (JsonParser parser = json.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> {
                        Optional<Refusal> text = checkText(parser.currentName(), "A JSON key");
                        if (text.isPresent()) {
                            return text;
                        }
                    }
                    case VALUE_STRING -> {
                        Optional<Refusal> text =
                                checkText(parser.getText(), "The value of '" + parser.currentName() + "'");
                        if (text.isPresent()) {
                            return text;
                        }
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        Optional<Refusal> number = checkNumber(parser.getText(), parser.currentName());
                        if (number.isPresent()) {
                            return number;
                        }
                    }
                    case START_OBJECT -> {
                        // an element of the top-level "entry" array: root object (1) > entry array (2) > this object
                        // (3)
                        if (parser.getParsingContext().getNestingDepth() == 3
                                && parser.getParsingContext().getParent().inArray()
                                && "entry"
                                        .equals(parser.getParsingContext()
                                                .getParent()
                                                .getParent()
                                                .getCurrentName())
                                && ++entries > limits.maxBundleEntries()) {
                            return tooManyEntries();
                        }
                    }
                    default -> {}
                }
            }
        } catch (StreamConstraintsException e) {
            return Optional.of(new Refusal(400, "The JSON body exceeds a limit of this server: " + plain(e)));
        } catch (IOException e) {
            return bad("The body is not valid JSON: " + plain(e));
        }
        return Optional.empty();
    }

    private Optional<Refusal> checkXml(byte[] body) {
        XMLStreamReader reader = null;
        int depth = 0;
        int entries = 0;
        try {
            reader = XML.createXMLStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8.name());
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    return bad("XML with a DOCTYPE or entity declarations is not accepted (FHIR R4 xml.html)");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (++depth > limits.maxNestingDepth()) {
                        return bad("The XML body is nested deeper than " + limits.maxNestingDepth() + " elements");
                    }
                    if (depth == 2 && "entry".equals(reader.getLocalName()) && ++entries > limits.maxBundleEntries()) {
                        return tooManyEntries();
                    }
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        Optional<Refusal> text = checkText(
                                reader.getAttributeValue(i), "The attribute '" + reader.getAttributeLocalName(i) + "'");
                        if (text.isPresent()) {
                            return text;
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.CHARACTERS
                        && reader.getTextLength() > limits.maxStringLength()) {
                    return bad("A text node is longer than " + limits.maxStringLength() + " characters");
                }
            }
        } catch (XMLStreamException e) {
            return bad("The body is not well-formed XML: " + plainXml(e));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Refusal> checkText(String text, String what) {
        if (text.length() > limits.maxStringLength()) {
            return bad(what + " is longer than " + limits.maxStringLength() + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return bad(
                        what + " contains the control character U+" + String.format("%04X", (int) c)
                                + " (FHIR R4 datatypes.html: strings may not contain characters below U+0020 other than tab, CR and LF)");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return bad(what + " contains an unpaired surrogate (\\u" + String.format("%04x", (int) c)
                            + "), which is not Unicode text");
                }
                i++;
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> checkNumber(String literal, String field) {
        BigDecimal value;
        try {
            value = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            return bad("The number " + abbreviate(literal) + " of '" + field + "' is not a number");
        }
        int exponent = value.precision() - value.scale() - 1;
        if (Math.abs(exponent) > MAX_DECIMAL_EXPONENT && value.signum() != 0) {
            return bad("The number " + abbreviate(literal) + " of '" + field + "' is out of range");
        }
        if (value.scale() <= 0
                && literal.indexOf('.') < 0
                && literal.indexOf('e') < 0
                && literal.indexOf('E') < 0
                && new BigInteger(literal).bitLength() > 63) {
            return bad("The integer " + abbreviate(literal) + " of '" + field + "' is out of range");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> checkUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return bad("The body is not valid UTF-8 (FHIR R4 http.html: the character encoding is always UTF-8)");
        }
    }

    private Optional<Refusal> tooManyEntries() {
        return Optional.of(new Refusal(
                413,
                "The bundle has more than " + limits.maxBundleEntries()
                        + " entries, the most this server takes in one request: split it into several bundles"));
    }

    private static int firstNonWhitespace(byte[] body) {
        int i = 0;
        // a UTF-8 byte order mark is allowed before the content
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        for (; i < body.length; i++) {
            if (!Character.isWhitespace(body[i])) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<Refusal> bad(String message) {
        return Optional.of(new Refusal(400, message));
    }

    /** Jackson's message without the source excerpt it appends (which may echo the client's data at length). */
    private static String plain(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
            message = jpe.getOriginalMessage();
            if (jpe.getLocation() != null) {
                message += " (line " + jpe.getLocation().getLineNr() + ", column "
                        + jpe.getLocation().getColumnNr() + ")";
            }
        }
        return abbreviate(message.replaceAll("\\s+", " "));
    }

    private static String plainXml(XMLStreamException e) {
        String message = e.getMessage() == null ? "malformed" : e.getMessage();
        return abbreviate(message.replaceAll("\\s+", " ")
                .replaceFirst("^ParseError at \\[row,col\\]:\\[(\\d+),(\\d+)\\] Message: ", "(line $1, column $2) "));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return factory;
    }
}
