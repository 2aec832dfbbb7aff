package org.ketaminefhir.server.cds;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.hapi.fhir.cdshooks.controller.CdsHooksController;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the CDS Hooks endpoints as JSON with the status CDS Hooks expects: a malformed request is a 400 that says
 * what is wrong (HAPI's registry throws some of them as plain Java exceptions, which would be 500s), an unknown
 * service a 404, data that cannot be had a 412. Only a fault of the server is a 500.
 */
@RestControllerAdvice(assignableTypes = CdsHooksController.class)
public class CdsErrors {

    private static final Logger log = LoggerFactory.getLogger(CdsErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static String json(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status);
        body.put("error", message);
        return body.toString();
    }

    private static ResponseEntity<String> answer(int status, String message) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json(status, message));
    }

    @ExceptionHandler(BaseServerResponseException.class)
    public ResponseEntity<String> hapi(BaseServerResponseException e) {
        return answer(e.getStatusCode(), stripCode(e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
        return answer(400, "the request body is not a JSON object of a CDS Hooks request");
    }

    @ExceptionHandler(DataFormatException.class)
    public ResponseEntity<String> fhir(DataFormatException e) {
        return answer(400, "a FHIR resource in the request cannot be parsed: " + stripCode(e.getMessage()));
    }

    /** HAPI's registry: "No service with ... is registered." for an unknown service id. */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<String> illegal(IllegalArgumentException e) {
        String message = stripCode(e.getMessage());
        if (message != null && message.startsWith("No service with")) {
            return answer(404, message);
        }
        return answer(400, "the request is not a valid CDS Hooks request: " + message);
    }

    @ExceptionHandler(ClassCastException.class)
    public ResponseEntity<String> wrongType(ClassCastException e) {
        return answer(400, "a field of the request has the wrong JSON type");
    }

    @ExceptionHandler(RuntimeException.class)
    public ResponseEntity<String> fault(RuntimeException e) {
        log.error("CDS Hooks call failed", e);
        return answer(500, "the service failed; the server log has the details");
    }

    /** HAPI prefixes its messages with "HAPI-1234: ". */
    private static String stripCode(String message) {
        return message == null ? null : message.replaceFirst("^HAPI-\\d+: ", "");
    }
}
