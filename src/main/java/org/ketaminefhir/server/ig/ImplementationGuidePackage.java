package org.ketaminefhir.server.ig;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The implementation guide as the server ships it: the resources SUSHI generated from {@code ig/input/fsh} (copied onto
 * the classpath under {@code ig/package/} by the build), packed as an NPM FHIR package for HAPI's package installer.
 * Package id, version and FHIR version come from the generated ImplementationGuide resource, so
 * {@code ig/sushi-config.yaml} stays their only source.
 */
public final class ImplementationGuidePackage {

    static final String CLASSPATH_PATTERN = "classpath*:ig/package/*.json";

    private final ImplementationGuide guide;
    private final Map<String, byte[]> files;
    private final List<StructureDefinition> profiles;
    private final FhirContext fhirContext;

    private ImplementationGuidePackage(
            ImplementationGuide guide,
            Map<String, byte[]> files,
            List<StructureDefinition> profiles,
            FhirContext fhirContext) {
        this.guide = guide;
        this.files = files;
        this.profiles = profiles;
        this.fhirContext = fhirContext;
    }

    public static ImplementationGuidePackage fromClasspath(FhirContext fhirContext) {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(CLASSPATH_PATTERN);
            Map<String, byte[]> files = new TreeMap<>();
            ImplementationGuide guide = null;
            List<StructureDefinition> profiles = new ArrayList<>();
            for (Resource resource : resources) {
                byte[] bytes;
                try (InputStream in = resource.getInputStream()) {
                    bytes = in.readAllBytes();
                }
                String name = resource.getFilename();
                files.put(name, bytes);
                if (name.startsWith("ImplementationGuide-")) {
                    guide = fhirContext
                            .newJsonParser()
                            .parseResource(ImplementationGuide.class, new String(bytes, StandardCharsets.UTF_8));
                } else if (name.startsWith("StructureDefinition-")) {
                    StructureDefinition sd = fhirContext
                            .newJsonParser()
                            .parseResource(StructureDefinition.class, new String(bytes, StandardCharsets.UTF_8));
                    if (sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT
                            && sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE) {
                        profiles.add(sd);
                    }
                }
            }
            if (guide == null) {
                throw new IllegalStateException("No implementation guide on the classpath (" + CLASSPATH_PATTERN
                        + "): build the server with Maven so that ig/fsh-generated/resources is packaged");
            }
            profiles.sort(Comparator.comparing(StructureDefinition::getUrl));
            return new ImplementationGuidePackage(guide, files, profiles, fhirContext);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the implementation guide from the classpath", e);
        }
    }

    public String packageId() {
        return guide.getPackageId();
    }

    public String version() {
        return guide.getVersion();
    }

    /** The IG's canonical base, e.g. https://ketaminefhir.org/ig. */
    public String canonicalBase() {
        String url = guide.getUrl();
        return url.substring(0, url.indexOf("/ImplementationGuide/"));
    }

    public int resourceCount() {
        return files.size();
    }

    /** Files of the types the server installs (see ImplementationGuideInstaller.INSTALL_TYPES). */
    public long conformanceResourceCount() {
        return files.keySet().stream()
                .filter(f -> ImplementationGuideInstaller.INSTALL_TYPES.stream().anyMatch(t -> f.startsWith(t + "-")))
                .count();
    }

    /** The resource profiles this IG defines, by the resource type they constrain. */
    public Map<String, List<String>> profileUrlsByType() {
        Map<String, List<String>> byType = new TreeMap<>();
        for (StructureDefinition profile : profiles) {
            byType.computeIfAbsent(profile.getType(), t -> new ArrayList<>()).add(profile.getUrl());
        }
        return byType;
    }

    /**
     * The codes of one of this IG's ValueSets, as "system|code": its enumerated concepts, and every concept of an IG
     * CodeSystem it includes whole.
     */
    public Set<String> codesOf(String valueSetId) {
        ValueSet valueSet = parse("ValueSet-" + valueSetId + ".json", ValueSet.class);
        Set<String> codes = new TreeSet<>();
        for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
            if (include.hasConcept()) {
                include.getConcept().forEach(c -> codes.add(include.getSystem() + "|" + c.getCode()));
                continue;
            }
            String prefix = canonicalBase() + "/CodeSystem/";
            if (!include.getSystem().startsWith(prefix)) {
                throw new IllegalStateException("ValueSet " + valueSetId + " includes all of " + include.getSystem()
                        + ", which is not a CodeSystem of this IG");
            }
            CodeSystem codeSystem =
                    parse("CodeSystem-" + include.getSystem().substring(prefix.length()) + ".json", CodeSystem.class);
            codeSystem.getConcept().forEach(c -> codes.add(include.getSystem() + "|" + c.getCode()));
        }
        return codes;
    }

    private <T extends IBaseResource> T parse(String file, Class<T> type) {
        byte[] bytes = files.get(file);
        if (bytes == null) {
            throw new IllegalStateException("The implementation guide has no " + file);
        }
        return fhirContext.newJsonParser().parseResource(type, new String(bytes, StandardCharsets.UTF_8));
    }

    public String profileUrl(String id) {
        return canonicalBase() + "/StructureDefinition/" + id;
    }

    /** The IG's example instances (everything in the package that is not a conformance resource or the guide itself). */
    public List<org.hl7.fhir.r4.model.Resource> examples() {
        List<org.hl7.fhir.r4.model.Resource> examples = new ArrayList<>();
        files.forEach((name, bytes) -> {
            boolean conformance = name.startsWith("ImplementationGuide-")
                    || ImplementationGuideInstaller.INSTALL_TYPES.stream().anyMatch(t -> name.startsWith(t + "-"));
            if (!conformance) {
                examples.add((org.hl7.fhir.r4.model.Resource)
                        fhirContext.newJsonParser().parseResource(new String(bytes, StandardCharsets.UTF_8)));
            }
        });
        return examples;
    }

    /** A SHA-256 of everything the package installs (its manifest and every file), in hex. */
    public String contentHash() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(packageJson().getBytes(StandardCharsets.UTF_8));
            files.forEach((name, bytes) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(bytes);
            });
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The package as an NPM FHIR package (.tgz): package/package.json plus one file per resource. */
    public byte[] toTgz() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", packageJson().getBytes(StandardCharsets.UTF_8));
        files.forEach((name, bytes) -> entries.put("package/" + name, bytes));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
                tarEntry.setSize(entry.getValue().length);
                tar.putArchiveEntry(tarEntry);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot pack the implementation guide", e);
        }
        return out.toByteArray();
    }

    private String packageJson() {
        StringBuilder dependencies = new StringBuilder();
        dependencies.append("\"hl7.fhir.r4.core\": \"4.0.1\"");
        for (ImplementationGuide.ImplementationGuideDependsOnComponent dependsOn : guide.getDependsOn()) {
            dependencies
                    .append(", \"")
                    .append(dependsOn.getPackageId())
                    .append("\": \"")
                    .append(dependsOn.getVersion())
                    .append('"');
        }
        return """
				{
				  "name": "%s",
				  "version": "%s",
				  "canonical": "%s",
				  "title": "%s",
				  "fhirVersions": ["%s"],
				  "type": "IG",
				  "dependencies": {%s}
				}
				""".formatted(
                        packageId(),
                        version(),
                        canonicalBase(),
                        guide.getTitle(),
                        guide.getFhirVersion().get(0).getValueAsString(),
                        dependencies);
    }
}
