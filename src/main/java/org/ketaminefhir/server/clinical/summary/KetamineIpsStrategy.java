package org.ketaminefhir.server.clinical.summary;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.ips.api.ISectionResourceSupplier;
import ca.uhn.fhir.jpa.ips.api.IpsContext;
import ca.uhn.fhir.jpa.ips.api.IpsSectionContext;
import ca.uhn.fhir.jpa.ips.api.Section;
import ca.uhn.fhir.jpa.ips.jpa.DefaultJpaIpsGenerationStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionResourceSupplier;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategyCollection;
import ca.uhn.fhir.jpa.ips.jpa.section.MedicationSummaryJpaSectionSearchStrategyMedicationDispense;
import ca.uhn.fhir.jpa.ips.jpa.section.MedicationSummaryJpaSectionSearchStrategyMedicationRequest;
import ca.uhn.fhir.jpa.ips.jpa.section.MedicationSummaryJpaSectionSearchStrategyMedicationStatement;
import ca.uhn.fhir.jpa.ips.strategy.MedicationNoInfoR4Generator;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.ketaminefhir.server.clinical.IgTerms;

/**
 * HAPI's default IPS sections, with the clinic's records where HAPI's defaults miss them: the ketamine course (the
 * sessions, completed MedicationAdministrations, which HAPI's medication search leaves out) in the medication summary,
 * the rating-scale scores and the questionnaire findings (PHQ-9 item 9, C-SSRS) beside laboratory results in the
 * results section, the latest vital signs, the treatment plan in the plan of care, and an Alerts section (IPS 2.0) with
 * the open safety alerts. The required sections (problems, allergies, medications) get HAPI's "no information" entries
 * when empty. The narratives of the sections HAPI's templates do not cover well are written by {@link
 * SummaryNarratives}.
 */
final class KetamineIpsStrategy extends DefaultJpaIpsGenerationStrategy {

    static final String SECTION_PROFILE =
            "https://hl7.org/fhir/uv/ips/StructureDefinition-Composition-uv-ips-definitions.html#Composition.section:";
    /** IPS 2.0's Alerts section (LOINC 104605-1, as the IPS Composition profile fixes it). */
    static final String SECTION_CODE_ALERTS = "104605-1";

    private final IgTerms terms;
    private final String author;
    private DaoRegistry daos;
    private FhirContext fhirContext;

    KetamineIpsStrategy(IgTerms terms, String author) {
        this.terms = terms;
        this.author = author;
    }

    @Override
    public void setDaoRegistry(DaoRegistry daoRegistry) {
        super.setDaoRegistry(daoRegistry);
        this.daos = daoRegistry;
    }

    @Override
    public void setFhirContext(FhirContext fhirContext) {
        super.setFhirContext(fhirContext);
        this.fhirContext = fhirContext;
    }

    @Override
    protected void addSections() {
        addJpaSectionAllergyIntolerance();
        addMedications();
        addJpaSectionProblemList();
        addJpaSectionImmunizations();
        addJpaSectionProcedures();
        addJpaSectionMedicalDevices();
        addResults();
        addVitalSigns();
        addJpaSectionPregnancy();
        addJpaSectionSocialHistory();
        addJpaSectionIllnessHistory();
        addJpaSectionFunctionalStatus();
        addPlanOfCare();
        addJpaSectionAdvanceDirectives();
        addAlerts();
    }

    private void addMedications() {
        Section section = Section.newBuilder()
                .withTitle("Medication List")
                .withSectionSystem(SECTION_SYSTEM_LOINC)
                .withSectionCode(SECTION_CODE_MEDICATION_SUMMARY)
                .withSectionDisplay("History of Medication use Narrative")
                .withResourceType(MedicationStatement.class)
                .withResourceType(MedicationRequest.class)
                .withResourceType(MedicationAdministration.class)
                .withResourceType(MedicationDispense.class)
                .withProfile(SECTION_PROFILE + "sectionMedications")
                .withNoInfoGenerator(new MedicationNoInfoR4Generator())
                .build();
        ISectionResourceSupplier hapi = new JpaSectionResourceSupplier(
                JpaSectionSearchStrategyCollection.newBuilder()
                        .addStrategy(
                                MedicationStatement.class,
                                new MedicationSummaryJpaSectionSearchStrategyMedicationStatement())
                        .addStrategy(
                                MedicationRequest.class,
                                new MedicationSummaryJpaSectionSearchStrategyMedicationRequest())
                        .addStrategy(
                                MedicationDispense.class,
                                new MedicationSummaryJpaSectionSearchStrategyMedicationDispense())
                        .build(),
                daos,
                fhirContext);
        ChartSection<MedicationAdministration> course = new ChartSection<>(
                daos,
                MedicationAdministration.class,
                MedicationAdministration.SP_PATIENT,
                List.of(map -> {}),
                SummaryChoices::course);
        addSection(section, byType(Map.of(MedicationAdministration.class, course), hapi));
    }

    private void addResults() {
        Section section = Section.newBuilder()
                .withTitle("Diagnostic Results")
                .withSectionSystem(SECTION_SYSTEM_LOINC)
                .withSectionCode(SECTION_CODE_DIAGNOSTIC_RESULTS)
                .withSectionDisplay("Relevant diagnostic tests/laboratory data Narrative")
                .withResourceType(Observation.class)
                .withProfile(SECTION_PROFILE + "sectionResults")
                .build();
        addSection(
                section,
                new ChartSection<>(
                        daos,
                        Observation.class,
                        Observation.SP_PATIENT,
                        List.of(
                                map -> map.add("_profile", new UriParam(terms.profile("ketamine-score"))),
                                map -> map.add(
                                        "_profile", new UriParam(terms.profile("ketamine-questionnaire-finding"))),
                                map -> map.add(
                                        Observation.SP_CATEGORY, new TokenParam(OBSERVATION_CATEGORY, "laboratory"))),
                        SummaryChoices::baselineAndLatest));
    }

    private void addVitalSigns() {
        Section section = Section.newBuilder()
                .withTitle("Vital Signs")
                .withSectionSystem(SECTION_SYSTEM_LOINC)
                .withSectionCode(SECTION_CODE_VITAL_SIGNS)
                .withSectionDisplay("Vital signs")
                .withResourceType(Observation.class)
                .withProfile(SECTION_PROFILE + "sectionVitalSigns")
                .build();
        addSection(
                section,
                new ChartSection<>(
                        daos,
                        Observation.class,
                        Observation.SP_PATIENT,
                        List.of(map ->
                                map.add(Observation.SP_CATEGORY, new TokenParam(OBSERVATION_CATEGORY, "vital-signs"))),
                        SummaryChoices::latest));
    }

    private void addPlanOfCare() {
        Section section = Section.newBuilder()
                .withTitle("Plan of Care")
                .withSectionSystem(SECTION_SYSTEM_LOINC)
                .withSectionCode(SECTION_CODE_PLAN_OF_CARE)
                .withSectionDisplay("Plan of care note")
                .withResourceType(CarePlan.class)
                .withProfile(SECTION_PROFILE + "sectionPlanOfCare")
                .build();
        TokenOrListParam current = new TokenOrListParam();
        for (String status : List.of("active", "on-hold", "completed", "unknown")) {
            current.addOr(new TokenParam(status));
        }
        addSection(
                section,
                new ChartSection<>(
                        daos,
                        CarePlan.class,
                        CarePlan.SP_PATIENT,
                        List.of(map -> map.add(CarePlan.SP_STATUS, current)),
                        SummaryChoices.all()));
    }

    private void addAlerts() {
        Section section = Section.newBuilder()
                .withTitle("Alerts")
                .withSectionSystem(SECTION_SYSTEM_LOINC)
                .withSectionCode(SECTION_CODE_ALERTS)
                .withSectionDisplay("Alert")
                .withResourceType(Flag.class)
                .withProfile(SECTION_PROFILE + "sectionAlerts")
                .build();
        addSection(section, new AlertFlags(daos));
    }

    private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    /** One supplier per resource type of a section ({@code others} for the rest). */
    private static ISectionResourceSupplier byType(
            Map<Class<?>, ISectionResourceSupplier> suppliers, ISectionResourceSupplier others) {
        return new ISectionResourceSupplier() {
            @Override
            public <T extends IBaseResource> List<ResourceEntry> fetchResourcesForSection(
                    IpsContext summary, IpsSectionContext<T> section, RequestDetails request) {
                return suppliers
                        .getOrDefault(section.getResourceType(), others)
                        .fetchResourcesForSection(summary, section, request);
            }
        };
    }

    @Override
    public List<String> getNarrativePropertyFiles() {
        // Not HAPI's templates (see narratives.properties): the narratives are SummaryNarratives'.
        return List.of("classpath:org/ketaminefhir/server/clinical/summary/narratives.properties");
    }

    /**
     * The patient, read with the caller's request: a patient the caller may not see (its record labelled, without the
     * sensitive-data scope, which leaves it out of the read) is refused, as reading it is.
     */
    @Override
    public IBaseResource fetchPatient(IIdType patientId, RequestDetails request) {
        IBaseResource patient = super.fetchPatient(patientId, request);
        if (patient == null) {
            throw new ForbiddenOperationException("Access denied: reading "
                    + patientId.toUnqualifiedVersionless().getValue()
                    + " (mental-health data) needs the sensitive-data scope, which this access token does not carry");
        }
        return patient;
    }

    /** The clinic, the author of the summary (the document is generated by its server). */
    @Override
    public IBaseResource createAuthor() {
        Organization organization = new Organization();
        organization.setName(author);
        organization.setId(IdType.newRandomUuid());
        return organization;
    }

    @Override
    public String createTitle(IpsContext context) {
        return "Patient Summary as of " + LocalDate.now();
    }

    @Override
    public void postManipulateIpsBundle(IBaseBundle bundle) {
        DocumentReferences.resolve(fhirContext, (Bundle) bundle);
        SummaryNarratives.write((Bundle) bundle);
    }
}
