package org.ketaminefhir.server.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.clinical.monitoring.VitalSignLimits;
import org.ketaminefhir.server.clinical.progress.ProgressSettings;
import org.ketaminefhir.server.security.FhirAddress;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's {@code config.json}: where this server's FHIR endpoint is (as the browser reached it), the app's
 * client ids and scopes, the clinic's configured thresholds for the alert bands and the response and remission
 * lines, and the crisis information a patient is shown. No patient data: public, like the app's static files under {@code /dashboard/}.
 */
@RestController
public class DashboardController {

    private final DashboardSettings settings;
    private final FhirAddress address;
    private final PreDoseBloodPressure predose;
    private final VitalSignLimits vitals;
    private final ProgressSettings progress;

    public DashboardController(
            DashboardSettings settings,
            FhirAddress address,
            PreDoseBloodPressure predose,
            VitalSignLimits vitals,
            ProgressSettings progress) {
        this.settings = settings;
        this.address = address;
        this.predose = predose;
        this.vitals = vitals;
        this.progress = progress;
    }

    @GetMapping(path = "/dashboard/config.json", produces = "application/json")
    public ResponseEntity<Map<String, Object>> config(HttpServletRequest request) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("fhirBase", address.fhirBase(request));
        config.put("clientId", settings.clientId());
        config.put("clients", settings.clients());
        config.put("scopes", Map.of("staff", settings.staffScope(), "patient", settings.patientScope()));
        config.put("thresholds", new Thresholds(predose, vitals, progress));
        config.put("crisis", settings.crisis());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(config);
    }

    /**
     * config.json's {@code thresholds}: the settings records themselves, serialised by Jackson component by component,
     * so that a limit added to a record reaches the dashboard without a change here (the dashboard's
     * {@code model/config.ts} reads them).
     */
    public record Thresholds(
            PreDoseBloodPressure predoseBloodPressure, VitalSignLimits vitals, ProgressSettings progress) {}
}
