package org.ketaminefhir.server.security.authserver;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.EmbeddedIssuer;
import org.ketaminefhir.server.security.FhirAddress;
import org.ketaminefhir.server.security.scopes.Permission;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /smart/launch} with {@code patient=<id>}: the EHR side of an EHR launch. A signed-in user's access token
 * with {@code user/Patient.r} (or a wider scope) gets a launch id for that patient; the app is then opened with
 * {@code ?launch=<id>&iss=<FHIR base>} and its token carries the patient.
 */
@RestController
@Conditional(EmbeddedIssuer.class)
public class LaunchController {

    public static final String PATH = "/smart/launch";

    private final LaunchContexts launches;
    private final DaoRegistry daos;
    private final FhirAddress address;

    public LaunchController(LaunchContexts launches, DaoRegistry daos, FhirAddress address) {
        this.launches = launches;
        this.daos = daos;
        this.address = address;
    }

    @PostMapping(value = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> launch(
            @RequestParam("patient") String patient, HttpServletRequest request) {
        Caller caller = Caller.of(request).orElse(null);
        if (caller == null
                || caller.scopes()
                        .granting(Context.USER, "Patient", Permission.READ)
                        .isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "an EHR launch needs a user access token with user/Patient.r");
        }
        if (!patient.matches("[A-Za-z0-9\\-.]{1,64}")) {
            return error(HttpStatus.BAD_REQUEST, "patient must be a FHIR id");
        }
        try {
            daos.getResourceDao(Patient.class).read(new IdType("Patient", patient), new SystemRequestDetails());
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return error(HttpStatus.NOT_FOUND, "no such patient: " + patient);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("launch", launches.create(patient, caller.subject()));
        body.put("patient", patient);
        body.put("iss", address.fhirBase(request));
        body.put("expires_in", launches.lifetime().toSeconds());
        return ResponseEntity.ok(body);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String description) {
        return ResponseEntity.status(status)
                .body(Map.of("error", status.getReasonPhrase(), "error_description", description));
    }
}
