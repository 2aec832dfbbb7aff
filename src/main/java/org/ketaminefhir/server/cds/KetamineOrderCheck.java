package org.ketaminefhir.server.cds;

import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.hapi.fhir.cdshooks.api.CdsPrefetchFailureMode;
import ca.uhn.hapi.fhir.cdshooks.api.CdsResolutionStrategyEnum;
import ca.uhn.hapi.fhir.cdshooks.api.ICdsServiceRegistry;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * The CDS Hooks services: {@code ketamine-order-check} on {@code order-sign} and {@code ketamine-order-select-check} on
 * {@code order-select} (which checks only the orders the prescriber selected). Each takes the ketamine and esketamine
 * MedicationRequests of {@code context.draftOrders}, checks them with {@link OrderCheck} against the patient's records
 * and answers {@link OrderCards}. Registered with HAPI's CDS Hooks registry, which serves discovery and calls.
 */
public class KetamineOrderCheck {

    public static final String ORDER_SIGN_SERVICE = "ketamine-order-check";
    public static final String ORDER_SELECT_SERVICE = "ketamine-order-select-check";

    /** Where the service finds what it needs of the request's HTTP side (this server's address, the client). */
    public interface RequestSide {
        /** Whether {@code fhirServer} names this server's FHIR base. */
        boolean isThisServer(String fhirServer);

        /** The call is about to read this patient's records (for the audit trail). */
        void reading(String patientId);

        OrderCards.Links links();
    }

    private final KetamineProducts products;
    private final ChartRecordsSource source;
    private final OrderCheck check;
    private final OrderCards cards;
    private final RequestSide side;
    private final Clock clock;

    public KetamineOrderCheck(
            KetamineProducts products,
            ChartRecordsSource source,
            OrderCheck check,
            OrderCards cards,
            RequestSide side,
            Clock clock) {
        this.products = products;
        this.source = source;
        this.check = check;
        this.cards = cards;
        this.side = side;
        this.clock = clock;
    }

    public void register(ICdsServiceRegistry registry, Map<String, String> prefetch) {
        registry.registerService(
                ORDER_SIGN_SERVICE,
                respond(false),
                describe(
                        ORDER_SIGN_SERVICE,
                        "order-sign",
                        "Ketamine order safety check",
                        "Checks draft ketamine and esketamine orders against the clinic's session rules before they are signed: a current "
                                + "eligible screening, contraindications and interacting medications recorded at screening, dose per kg, "
                                + "esketamine dose and route, a recent body weight, the minimum interval between sessions, and that no "
                                + "high suicide-risk alert awaits a clinician's review.",
                        prefetch),
                false,
                null);
        registry.registerService(
                ORDER_SELECT_SERVICE,
                respond(true),
                describe(
                        ORDER_SELECT_SERVICE,
                        "order-select",
                        "Ketamine order safety check (on selection)",
                        "The same checks as ketamine-order-check, on the orders the prescriber has just selected.",
                        prefetch),
                false,
                null);
    }

    private static CdsServiceJson describe(
            String id, String hook, String title, String description, Map<String, String> prefetch) {
        CdsServiceJson service =
                new CdsServiceJson().setId(id).setHook(hook).setTitle(title).setDescription(description);
        prefetch.forEach((key, template) -> {
            service.addPrefetch(key, template);
            // The service reads what is not prefetched itself (from fhirServer, or from this server's own store).
            service.addSource(key, CdsResolutionStrategyEnum.SERVICE);
            service.addPrefetchFailureMode(key, CdsPrefetchFailureMode.OPERATION_OUTCOME);
        });
        return service;
    }

    private Function<CdsServiceRequestJson, CdsServiceResponseJson> respond(boolean selectedOnly) {
        return request -> {
            if (!(request.getContext().get("patientId") instanceof String patientId)
                    || patientId.isBlank()
                    || !patientId.matches("[A-Za-z0-9\\-.]{1,64}")) {
                throw new InvalidRequestException(
                        "context.patientId is required: the id of a Patient (FHIR id: letters, digits, '-', '.')");
            }
            List<MedicationRequest> orders = ketamineOrders(request, selectedOnly);
            CdsServiceResponseJson response = new CdsServiceResponseJson();
            if (orders.isEmpty()) {
                return response; // nothing of ours to check: no cards, and no read of the patient's records
            }
            side.reading(patientId);
            ChartRecords records = source.records(request, patientId, side.isThisServer(request.getFhirServer()));
            List<OrderConcern> concerns = new ArrayList<>();
            for (MedicationRequest order : orders) {
                concerns.addAll(
                        check.check(DraftOrder.of(order, products.isEsketamineOrder(order), clock.instant()), records));
            }
            cards.cards(concerns, side.links()).forEach(response::addCard);
            return response;
        };
    }

    private List<MedicationRequest> ketamineOrders(CdsServiceRequestJson request, boolean selectedOnly) {
        if (!request.getContext().containsKey("draftOrders")) {
            throw new InvalidRequestException("context.draftOrders is required (a Bundle of the draft orders)");
        }
        if (!(request.getContext().get("draftOrders") instanceof Bundle bundle)) {
            throw new InvalidRequestException("context.draftOrders must be a FHIR Bundle");
        }
        Set<String> selections = selectedOnly ? selections(request) : Set.of();
        List<MedicationRequest> orders = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof MedicationRequest order
                    && products.isKetamineOrder(order)
                    && (!selectedOnly
                            || selections.contains(
                                    "MedicationRequest/" + order.getIdElement().getIdPart()))) {
                orders.add(order);
            }
        }
        return orders;
    }

    private static Set<String> selections(CdsServiceRequestJson request) {
        if (!request.getContext().containsKey("selections")) {
            throw new InvalidRequestException("context.selections is required on order-select");
        }
        if (!(request.getContext().get("selections") instanceof List<?> selections)
                || !selections.stream().allMatch(String.class::isInstance)) {
            throw new InvalidRequestException(
                    "context.selections must be an array of references such as MedicationRequest/123");
        }
        return selections.stream().map(String.class::cast).collect(java.util.stream.Collectors.toSet());
    }
}
