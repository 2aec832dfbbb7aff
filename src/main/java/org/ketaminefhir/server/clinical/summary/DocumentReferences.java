package org.ketaminefhir.server.clinical.summary;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.ips.generator.IpsGeneratorSvcImpl;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The references of the document made resolvable, after HAPI's generator: a reference to a resource in the document
 * becomes that entry's {@code fullUrl} (HAPI leaves them relative while the entries have absolute URLs, which a document
 * does not resolve); a reference HAPI cleared because its target is not in the document (a session's encounter, a
 * plan's goals) is put back as the target's absolute URL on this server, so that the records keep the form their
 * profiles require; HAPI's {@code narrativeLink} extensions, which point into the Composition by an id the document does
 * not carry, are removed.
 */
final class DocumentReferences {

    /** The resource as it was read, kept on it by {@link ChartSection} (HAPI clears references in place). */
    static final String AS_READ = DocumentReferences.class.getName() + ".asRead";

    private DocumentReferences() {}

    static void resolve(FhirContext fhirContext, Bundle document) {
        Map<String, String> fullUrls = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : document.getEntry()) {
            fullUrls.put(entry.getFullUrl(), entry.getFullUrl());
            IdType id = new IdType(entry.getFullUrl());
            if (id.hasBaseUrl() && id.hasResourceType() && id.hasIdPart()) {
                fullUrls.put(id.toUnqualifiedVersionless().getValue(), entry.getFullUrl());
            }
        }
        for (Bundle.BundleEntryComponent entry : document.getEntry()) {
            Resource resource = entry.getResource();
            if (resource instanceof DomainResource domain) {
                domain.getExtension().removeIf(e -> IpsGeneratorSvcImpl.URL_NARRATIVE_LINK.equals(e.getUrl()));
            }
            List<ResourceReferenceInfo> references = fhirContext.newTerser().getAllResourceReferences(resource);
            List<ResourceReferenceInfo> asRead = resource.getUserData(AS_READ) instanceof Resource original
                    ? fhirContext.newTerser().getAllResourceReferences(original)
                    : List.of();
            String base = base(entry.getFullUrl());
            for (int i = 0; i < references.size(); i++) {
                var reference = references.get(i).getResourceReference();
                String value = reference.getReferenceElement().getValue();
                if (value == null && i < asRead.size() && references.size() == asRead.size() && base != null) {
                    String was = asRead.get(i)
                            .getResourceReference()
                            .getReferenceElement()
                            .getValue();
                    if (was != null && !was.startsWith("#")) {
                        IdType target = new IdType(was);
                        reference.setReference(
                                target.hasBaseUrl()
                                        ? was
                                        : base + "/"
                                                + target.toUnqualifiedVersionless()
                                                        .getValue());
                    }
                    continue;
                }
                if (value == null || value.startsWith("#")) {
                    continue;
                }
                String key = fullUrls.containsKey(value)
                        ? value
                        : new IdType(value).toUnqualifiedVersionless().getValue();
                if (fullUrls.containsKey(key)) {
                    reference.setReference(fullUrls.get(key));
                }
            }
        }
    }

    /** The server's base of an entry's absolute URL ({@code http://host/fhir/Type/id} gives {@code http://host/fhir}). */
    private static String base(String fullUrl) {
        IdType id = new IdType(fullUrl);
        return id.hasBaseUrl() ? id.getBaseUrl() : null;
    }
}
