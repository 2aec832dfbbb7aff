package org.ketaminefhir.server.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
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

/**
 * The HL7 validator library (the engine behind the IG Publisher and validator_cli), offline on the package cache that
 * scripts/build-ig assembles in {@code ig/.fhir-home}, with this IG loaded. Loading takes tens of seconds, so the engine
 * is loaded once per JVM and shared by every test that validates with it.
 */
public final class Hl7Validator {

    public static final Path FHIR_HOME = Path.of("ig/.fhir-home").toAbsolutePath();
    private static ValidationEngine engine;
    /** Where references to resources other than the IG's examples are read while one validation runs. */
    private static volatile Function<String, String> resolver = reference -> null;

    private Hl7Validator() {}

    /** One issue the validator reported. */
    public record Issue(OperationOutcome.IssueSeverity severity, String message, String location) {
        public boolean isError() {
            return severity == OperationOutcome.IssueSeverity.ERROR || severity == OperationOutcome.IssueSeverity.FATAL;
        }

        @Override
        public String toString() {
            return severity.toCode() + ": " + message + " @ " + location;
        }
    }

    /** Validates a resource (JSON) against the base specification and these profiles (none: its meta.profile). */
    public static List<Issue> validate(String json, List<String> profiles) {
        return validate(json, profiles, reference -> null);
    }

    /**
     * Validates a resource (JSON), resolving the references that are not to the IG's examples with {@code references}
     * (a relative reference such as {@code Observation/12} to that resource's JSON, or null), as a validator with access
     * to the server would.
     */
    public static List<Issue> validate(String json, List<String> profiles, Function<String, String> references) {
        ValidationEngine validator = engine();
        try {
            List<ValidationMessage> messages = new ArrayList<>();
            OperationOutcome outcome;
            synchronized (validator) {
                resolver = references;
                try {
                    outcome = validator.validate(
                            json.getBytes(StandardCharsets.UTF_8), FhirFormat.JSON, profiles, messages);
                } finally {
                    resolver = reference -> null;
                }
            }
            List<Issue> issues = new ArrayList<>();
            outcome.getIssue()
                    .forEach(i -> issues.add(new Issue(
                            i.getSeverity(),
                            i.getDetails().getText(),
                            i.getExpression().isEmpty()
                                    ? ""
                                    : i.getExpression().get(0).asStringValue())));
            return issues;
        } catch (Exception e) {
            throw new IllegalStateException("the HL7 validator failed on " + abbreviate(json), e);
        }
    }

    /** Only the errors (and fatal issues) of {@link #validate}. */
    public static List<Issue> errors(String json, List<String> profiles) {
        return validate(json, profiles).stream().filter(Issue::isError).toList();
    }

    private static String abbreviate(String json) {
        return json.length() > 200 ? json.substring(0, 200) + "..." : json;
    }

    /** The IPS package scripts/build-ig fetches (npm), for {@code Patient/$summary}. */
    public static final String IPS_PACKAGE = "hl7.fhir.uv.ips#2.0.0";

    private static boolean ipsLoaded;

    /**
     * The engine with the International Patient Summary 2.0.0 package loaded too (once), so that a summary can be checked
     * against {@code http://hl7.org/fhir/uv/ips/StructureDefinition/Bundle-uv-ips}. Its own dependencies (IPA 1.1.0,
     * terminology 6.5.0, extensions 5.2.0) are not on the reachable registries and are not loaded: the engine's
     * terminology 7.0.1 and extensions 5.3.0-ballot-tc1 stand in for them.
     */
    public static synchronized ValidationEngine engineWithIps() {
        ValidationEngine loaded = engine();
        if (!ipsLoaded) {
            Path ips = FHIR_HOME.resolve(".fhir/packages/" + IPS_PACKAGE + "/package");
            if (!Files.exists(ips.resolve("package.json"))) {
                throw new AssertionError("the IPS package is missing: run scripts/build-ig (scripts/test does)");
            }
            String userHome = System.getProperty("user.home");
            System.setProperty("user.home", FHIR_HOME.toString());
            try {
                loaded.getIgLoader().loadIg(loaded.getIgs(), loaded.getBinaries(), ips.toString(), false);
            } catch (Exception e) {
                throw new IllegalStateException("the IPS package could not be loaded", e);
            } finally {
                System.setProperty("user.home", userHome);
            }
            ipsLoaded = true;
        }
        return loaded;
    }

    /** The engine, loaded at the first call. */
    public static synchronized ValidationEngine engine() {
        if (engine == null) {
            engine = load();
        }
        return engine;
    }

    private static ValidationEngine load() {
        Path core = FHIR_HOME.resolve(".fhir/packages/hl7.fhir.r4.core#4.0.1/package/package.json");
        if (!Files.exists(core)) {
            throw new AssertionError(
                    "the FHIR package cache is missing: run scripts/build-ig (scripts/test does) before this test");
        }
        // The engine finds its package cache under user.home; point it at the project's own cache while it loads.
        String userHome = System.getProperty("user.home");
        System.setProperty("user.home", FHIR_HOME.toString());
        try {
            ValidationEngine loaded = new ValidationEngine.ValidationEngineBuilder()
                    .withVersion("4.0.1")
                    .withNoTerminologyServer()
                    .fromSource("hl7.fhir.r4.core#4.0.1");
            loaded.getIgLoader()
                    .loadIg(
                            loaded.getIgs(),
                            loaded.getBinaries(),
                            IgExamples.GENERATED.toAbsolutePath().toString(),
                            false);
            loaded.setFetcher(new ExampleFetcher(loaded));
            return loaded;
        } catch (Exception e) {
            throw new IllegalStateException("the HL7 validator could not be loaded", e);
        } finally {
            System.setProperty("user.home", userHome);
        }
    }

    /**
     * Resolves references to the IG's examples (Patient/patient-iv, ...) the way the IG Publisher does, and others with
     * the resolver of the validation under way.
     */
    private static final class ExampleFetcher implements IValidatorResourceFetcher {
        private final ValidationEngine engine;

        ExampleFetcher(ValidationEngine engine) {
            this.engine = engine;
        }

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
            String json = resolver.apply(url);
            return json == null
                    ? null
                    : Manager.parseSingle(
                            engine.getContext(),
                            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                            FhirFormat.JSON);
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
}
