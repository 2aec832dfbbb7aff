package org.ketaminefhir.server.clinical.summary;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.ips.api.ISectionResourceSupplier;
import ca.uhn.fhir.jpa.ips.api.IpsContext;
import ca.uhn.fhir.jpa.ips.api.IpsSectionContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * The Alerts section (IPS 2.0: {@code sectionAlerts}, entries are Flags): one Flag for each open safety alert of the
 * patient (a DetectedIssue with status {@code preliminary}: raised by the server's rules and not yet reviewed), made for
 * the document and not stored. The Flag carries the alert's code, its identification as the start of its period, the
 * alert's sensitivity labels, and refers to the alert itself ({@code flag-detail}), which goes into the document
 * beside it.
 */
final class AlertFlags implements ISectionResourceSupplier {

    static final String FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail";

    private final ChartSection<DetectedIssue> openAlerts;

    AlertFlags(DaoRegistry daos) {
        this.openAlerts = new ChartSection<>(
                daos,
                DetectedIssue.class,
                DetectedIssue.SP_PATIENT,
                List.of(map -> {}),
                alerts -> alerts.stream()
                        .filter(a -> a.getStatus() == DetectedIssue.DetectedIssueStatus.PRELIMINARY)
                        .toList());
    }

    @Override
    public <T extends IBaseResource> List<ResourceEntry> fetchResourcesForSection(
            IpsContext summary, IpsSectionContext<T> section, RequestDetails request) {
        List<ResourceEntry> entries = new ArrayList<>();
        openAlerts.search(summary, request).stream()
                .sorted(Comparator.comparing(
                                (DetectedIssue d) -> SummaryChoices.start(d.getIdentified()), SummaryChoices.DATES)
                        .reversed())
                .forEach(alert -> {
                    entries.add(new ResourceEntry(flagOf(alert, summary), InclusionTypeEnum.PRIMARY_RESOURCE));
                    entries.add(new ResourceEntry(alert, InclusionTypeEnum.SECONDARY_RESOURCE));
                });
        return entries.isEmpty() ? null : entries;
    }

    static Flag flagOf(DetectedIssue alert, IpsContext summary) {
        Flag flag = new Flag();
        flag.setId(IdType.newRandomUuid());
        flag.getMeta().setSecurity(alert.getMeta().getSecurity());
        flag.setStatus(Flag.FlagStatus.ACTIVE);
        flag.setCode(alert.getCode().copy());
        if (!flag.getCode().hasText() && alert.hasDetail()) {
            flag.getCode().setText(alert.getDetail());
        }
        flag.setSubject(
                new Reference(summary.getSubjectId().toUnqualifiedVersionless().getValue()));
        if (SummaryChoices.start(alert.getIdentified()) != null) {
            flag.setPeriod(new Period()
                    .setStartElement(new DateTimeType(
                            SummaryChoices.start(alert.getIdentified()).getValueAsString())));
        }
        flag.addExtension(new Extension(
                FLAG_DETAIL,
                new Reference(alert.getIdElement().toUnqualifiedVersionless().getValue())));
        return flag;
    }
}
