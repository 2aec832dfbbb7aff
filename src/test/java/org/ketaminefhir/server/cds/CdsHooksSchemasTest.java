package org.ketaminefhir.server.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.CdsResponses;
import org.ketaminefhir.server.support.CdsResponses.Kind;

/**
 * The CDS Hooks schema check the CDS server tests end with ({@link CdsResponses}: cds-validator's schemas with the
 * CDS Hooks 2.0 supplement, in Node) passes answers shaped as the server's and fails a suite on a broken one. Needs the
 * Node harness in src/test/cds-schemas (npm ci, as scripts/test does).
 */
class CdsHooksSchemasTest {

    /** A card as the order check sends it (CDS Hooks 2.0: uuid, critical, a SMART link with its type). */
    private static final String CARD = """
            {"cards":[{"uuid":"5f0c1a7e-0d7c-4a55-9d5e-1b0e7f6f3b11",
              "summary":"No current eligible ketamine screening",
              "detail":"Rule SESSION-ELIGIBLE-SCREENING: a session needs an eligible screening at most 90 days old.",
              "indicator":"critical",
              "source":{"label":"Ketamine clinic safety rules"},
              "links":[{"label":"Open the clinic dashboard","url":"https://clinic.example/dashboard/","type":"smart"}]}]}
            """;

    private static final String DISCOVERY = """
            {"services":[{"hook":"order-sign","title":"Ketamine order check","id":"ketamine-order-check",
              "description":"Checks draft ketamine orders against the clinic's safety rules",
              "prefetch":{"patient":"Patient/{{context.patientId}}"}}]}
            """;

    @Test
    void answersShapedAsTheServersConform() {
        CdsResponses responses = new CdsResponses("CdsHooksSchemasTest-good");
        responses.received(Kind.SERVICE, "card", CARD);
        responses.received(Kind.SERVICE, "no-cards", "{\"cards\":[]}");
        responses.received(Kind.DISCOVERY, "discovery", DISCOVERY);

        assertThat(responses.assertAllConform()).isEqualTo(3);
    }

    @Test
    void aBrokenAnswerFailsListingEachViolation() {
        CdsResponses responses = new CdsResponses("CdsHooksSchemasTest-broken");
        responses.received(Kind.SERVICE, "fine", CARD);
        responses.received(
                Kind.SERVICE,
                "broken",
                CARD.replace("\"critical\"", "\"urgent\"")
                        .replace("\"label\":\"Ketamine clinic safety rules\"", "\"name\":\"rules\"")
                        .replace(",\"type\":\"smart\"", ""));
        responses.received(Kind.SERVICE, "no-cards-member", "{\"systemActions\":[]}");
        responses.received(Kind.SERVICE, "hard-stop-of-the-old-draft", CARD.replace("\"critical\"", "\"hard-stop\""));
        responses.received(
                Kind.DISCOVERY, "service-without-id", DISCOVERY.replace("\"id\":\"ketamine-order-check\",", ""));

        assertThatThrownBy(responses::assertAllConform)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("002-broken: cds-validator: instance.cards[0].indicator")
                .hasMessageContaining("002-broken: cds-validator: instance.cards[0].source.label: is required")
                .hasMessageContaining(
                        "002-broken: CDS Hooks 2.0: instance.cards[0].links[0]: requires property \"type\"")
                .hasMessageContaining("003-no-cards-member: CDS Hooks 2.0: instance: requires property \"cards\"")
                .hasMessageContaining("004-hard-stop-of-the-old-draft: CDS Hooks 2.0: instance.cards[0].indicator")
                .hasMessageContaining("005-service-without-id: cds-validator: instance.services[0].id: is required")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("001-fine"));
    }
}
