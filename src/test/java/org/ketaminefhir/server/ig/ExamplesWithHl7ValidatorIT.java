package org.ketaminefhir.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.CanonicalType;
import org.hl7.fhir.r5.model.OperationOutcome;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidationEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ketaminefhir.server.support.IgExamples;

/**
 * A second, stricter opinion: the HL7 validator library (the engine behind the IG Publisher and validator_cli) checks
 * every IG example against its profiles, offline, on the package cache that scripts/build-ig assembles.
 */
class ExamplesWithHl7ValidatorIT {

    static final Path FHIR_HOME = Path.of("ig/.fhir-home").toAbsolutePath();
    private static ValidationEngine engine;

    @BeforeAll
    static void loadValidator() throws Exception {
        Path core = FHIR_HOME.resolve(".fhir/packages/hl7.fhir.r4.core#4.0.1/package/package.json");
        assertThat(core)
                .as("the FHIR package cache is missing: run scripts/build-ig (scripts/test does) before this test")
                .exists();
        // The engine finds its package cache under user.home; point it at the project's own cache while it loads.
        String userHome = System.getProperty("user.home");
        System.setProperty("user.home", FHIR_HOME.toString());
        try {
            engine = new ValidationEngine.ValidationEngineBuilder()
                    .withVersion("4.0.1")
                    .withNoTerminologyServer()
                    .fromSource("hl7.fhir.r4.core#4.0.1");
            engine.getIgLoader()
                    .loadIg(
                            engine.getIgs(),
                            engine.getBinaries(),
                            IgExamples.GENERATED.toAbsolutePath().toString(),
                            false);
        } finally {
            System.setProperty("user.home", userHome);
        }
        engine.setFetcher(new ExampleFetcher());
    }

    /** Resolves references between the examples (Patient/patient-iv, ...) the way the IG Publisher does. */
    private static final class ExampleFetcher implements IValidatorResourceFetcher {
        @Override
        public Element fetch(IResourceValidator validator, Object appContext, String url) throws IOException {
            for (IgExamples.Example example : IgExamples.all()) {
                if (url.endsWith(example.resourceType() + "/" + example.id())) {
                    return Manager.parseSingle(
                            engine.getContext(),
                            new ByteArrayInputStream(example.json().getBytes(StandardCharsets.UTF_8)),
                            FhirFormat.JSON);
                }
            }
            return null;
        }

        @Override
        public boolean resolveURL(
                IResourceValidator validator,
                Object appContext,
                String path,
                String url,
                String type,
                boolean canonical,
                List<CanonicalType> targets) {
            return true;
        }

        @Override
        public byte[] fetchRaw(IResourceValidator validator, String url) {
            return null;
        }

        @Override
        public IValidatorResourceFetcher setLocale(Locale locale) {
            return this;
        }

        @Override
        public CanonicalResource fetchCanonicalResource(IResourceValidator validator, Object appContext, String url) {
            return null;
        }

        @Override
        public boolean fetchesCanonicalResource(IResourceValidator validator, String url) {
            return false;
        }

        @Override
        public Set<ResourceVersionInformation> fetchCanonicalResourceVersions(
                IResourceValidator validator, Object appContext, String url) {
            return Set.of();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleHasNoErrorAgainstItsProfile() {
        return IgExamples.all().stream()
                .map(example -> DynamicTest.dynamicTest(example.toString(), () -> {
                    List<ValidationMessage> messages = new ArrayList<>();
                    OperationOutcome outcome = engine.validate(
                            example.json().getBytes(StandardCharsets.UTF_8),
                            FhirFormat.JSON,
                            example.profiles(),
                            messages);
                    List<String> errors = outcome.getIssue().stream()
                            .filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                                    || i.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
                            .map(i -> i.getDetails().getText() + " @ " + i.getExpression())
                            .toList();
                    assertThat(errors).as(example.toString()).isEmpty();
                }));
    }
}
