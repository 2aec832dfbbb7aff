package org.ketaminefhir.server.demo;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.database.DatabaseDialect;
import org.ketaminefhir.server.fhir.RuleScope;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo data: the IG's example journey (three patients, their screenings, scores, plans, sessions and what was observed
 * in them) recorded once, as one transaction, the way a clinic records it: through the clinical rules, so that the
 * screening outcomes are computed and the safety alerts raised. On with the embedded H2 database by default
 * ({@code ketamine.demo-data=auto}), off on PostgreSQL unless set to {@code true}.
 */
public class DemoJourney {

    private static final Logger log = LoggerFactory.getLogger(DemoJourney.class);
    static final String MARKER = "Patient/patient-iv";

    private final ImplementationGuidePackage guide;
    private final DaoRegistry daos;
    private final List<String> staff;

    /**
     * @param staff the demo clinic's staff as FHIR references ({@code Practitioner/demo-clinician}): recorded too, so
     *              that what they author (an acknowledged alert) refers to a resource that exists
     */
    public DemoJourney(ImplementationGuidePackage guide, DaoRegistry daos, List<String> staff) {
        this.guide = guide;
        this.daos = daos;
        this.staff = staff;
    }

    public static boolean isOn(String setting, DatabaseDialect dialect) {
        return dialect.switchedOn("ketamine.demo-data", setting);
    }

    /** Records the journey unless it is there already (its first patient exists). */
    public void load() {
        try {
            daos.getResourceDao(Patient.class).read(new IdType(MARKER), new SystemRequestDetails());
            log.info("Demo data: the IG's example journey is already recorded");
            return;
        } catch (ResourceNotFoundException | ResourceGoneException absent) {
            // not recorded yet
        }
        long start = System.nanoTime();
        List<Resource> resources = new ArrayList<>(guide.examples());
        resources.addAll(practitioners(staff));
        Bundle journey = journey(resources);
        daos.getSystemDao().transaction(RuleScope.applyRulesTo(new SystemRequestDetails()), journey);
        log.info(
                "Demo data: the IG's example journey recorded ({} resources) in {} ms (ketamine.demo-data)",
                journey.getEntry().size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** A Practitioner named after its id for each {@code Practitioner/<id>} reference (others are left out). */
    static List<Resource> practitioners(List<String> references) {
        List<Resource> out = new ArrayList<>();
        for (String reference : references) {
            IdType id = new IdType(reference);
            if (!"Practitioner".equals(id.getResourceType()) || !id.hasIdPart()) {
                continue;
            }
            Practitioner practitioner = new Practitioner();
            practitioner.setId(id.getIdPart());
            practitioner.addName().setText(id.getIdPart().replace('-', ' '));
            out.add(practitioner);
        }
        return out;
    }

    /** The examples as one transaction of PUTs in the order a clinic records them. */
    static Bundle journey(List<Resource> examples) {
        List<Resource> ordered = new ArrayList<>(examples);
        // What the server derives from a questionnaire response (an example of the finding profile) is left to it.
        ordered.removeIf(DemoJourney::derivedFromAResponse);
        ordered.sort(Comparator.comparingInt(DemoJourney::recordingOrder));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : ordered) {
            String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            bundle.addEntry()
                    .setFullUrl(id)
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl(id);
        }
        return bundle;
    }

    /** True for an Observation derived from a QuestionnaireResponse: the server writes it when the response comes. */
    public static boolean derivedFromAResponse(Resource resource) {
        return resource instanceof Observation observation
                && observation.getDerivedFrom().stream()
                        .anyMatch(r ->
                                r.getReference() != null && r.getReference().startsWith("QuestionnaireResponse/"));
    }

    /** Patients, then screenings and scores, plans, encounters, sessions, and what was observed in the sessions. */
    private static int recordingOrder(Resource resource) {
        return switch (resource.fhirType()) {
            case "Patient", "Practitioner" -> 0;
            case "Observation" -> ((Observation) resource).hasPartOf() ? 6 : 1;
            case "Condition", "Goal" -> 2;
            case "CarePlan" -> 3;
            case "Encounter" -> 4;
            case "MedicationAdministration" -> 5;
            default -> 7;
        };
    }
}
