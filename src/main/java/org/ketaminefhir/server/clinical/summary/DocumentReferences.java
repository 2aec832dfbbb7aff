package org.ketaminefhir.server.clinical.summary;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.ips.generator.IpsGeneratorSvcImpl;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The references of the document made resolvable, after HAPI's generator. HAPI gives the stored records their absolute
 * URL on this server as {@code fullUrl} and the resources it makes (the Composition, the "no information" entries, the
 * author, the alert Flags) a {@code urn:uuid:}; and RestfulServer writes every reference to this server relative
 * ({@code Patient/1}), which resolves only against an absolute {@code fullUrl}. So the made resources get an absolute
 * {@code fullUrl} on this server too (their uuid as id: they are not stored), and every reference to an entry points to
 * its {@code fullUrl}. A reference HAPI cleared because its target is not in the document (a session's encounter and
 * plan, a finding's questionnaire response) is put back as its target's type and a display naming it, so that the
 * records keep the form their profiles require without pointing outside the document. HAPI's {@code narrativeLink}
 * extensions, which point into the Composition by ids the document does not keep, are removed.
 */
final class DocumentReferences {

    /** The resource as it was read, kept on it by {@link ChartSection} (HAPI clears references in place). */
    static final String AS_READ = DocumentReferences.class.getName() + ".asRead";

    private DocumentReferences() {}

    static void resolve(FhirContext fhirContext, Bundle document) {
        String base = document.getEntry().stream()
                .map(e -> new IdType(e.getFullUrl()))
                .filter(IdType::hasBaseUrl)
                .map(IdType::getBaseUrl)
                .findFirst()
                .orElse(null);
        Map<String, String> fullUrls = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : document.getEntry()) {
            String was = entry.getFullUrl();
            if (base != null && was.startsWith("urn:uuid:")) {
                String uuid = was.substring("urn:uuid:".length());
                Resource resource = entry.getResource();
                resource.setId(new IdType(base, resource.fhirType(), uuid, null));
                entry.setFullUrl(base + "/" + resource.fhirType() + "/" + uuid);
            }
            fullUrls.put(was, entry.getFullUrl());
            fullUrls.put(entry.getFullUrl(), entry.getFullUrl());
            IdType id = new IdType(entry.getFullUrl());
            if (id.hasBaseUrl() && id.hasResourceType() && id.hasIdPart()) {
                fullUrls.put(id.toUnqualifiedVersionless().getValue(), entry.getFullUrl());
            }
        }
        for (Bundle.BundleEntryComponent entry : document.getEntry()) {
            Resource resource = entry.getResource();
            if (resource.getUserData(AS_READ) instanceof Resource asRead) {
                // The record as stored, with HAPI's id: its references as they were, before HAPI cleared some.
                asRead.setIdElement(resource.getIdElement());
                entry.setResource(asRead);
                resource = asRead;
            }
            if (resource instanceof DomainResource domain) {
                domain.getExtension().removeIf(e -> IpsGeneratorSvcImpl.URL_NARRATIVE_LINK.equals(e.getUrl()));
            }
            for (ResourceReferenceInfo info : fhirContext.newTerser().getAllResourceReferences(resource)) {
                if (!(info.getResourceReference() instanceof Reference reference)) {
                    continue;
                }
                String value = reference.getReferenceElement().getValue();
                if (value == null || value.startsWith("#")) {
                    continue;
                }
                String key = fullUrls.containsKey(value)
                        ? value
                        : new IdType(value).toUnqualifiedVersionless().getValue();
                if (fullUrls.containsKey(key)) {
                    reference.setReference(fullUrls.get(key));
                } else {
                    IdType target = new IdType(value).toUnqualifiedVersionless();
                    reference.setReference(null);
                    reference.setType(target.getResourceType());
                    if (!reference.hasDisplay()) {
                        reference.setDisplay(target.getValue() + " (in the clinic's record, not in this summary)");
                    }
                }
            }
        }
    }
}
