package org.ketaminefhir.server.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.NotificationReceiver;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.Tokens;

/**
 * Safety alerts pushed to real receivers: an HTTP endpoint of the test (rest-hook) and a websocket client. Each alert
 * is raised the way a clinic raises it, by writing a session vital sign beyond the configured limits.
 */
class AlertSubscriptionsIT extends FhirServerTestBase {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private ClinicFixtures clinic;
    private String patient;
    private String session;
    private final List<String> subscriptions = new ArrayList<>();

    @BeforeEach
    void aSession() {
        clinic = new ClinicFixtures(client());
        ClinicFixtures.SessionOfPatient written = clinic.eligiblePatientWithIvSession(START);
        patient = written.patient();
        session = written.session();
    }

    /** Subscriptions match every test's writes: each test removes its own. */
    @AfterEach
    void removeSubscriptions() {
        subscriptions.forEach(id -> client().delete()
                .resourceById(new org.hl7.fhir.r4.model.IdType(id))
                .execute());
    }

    /** An intra-session blood pressure of 185/100 at minute {@code minute}: raises one alert. */
    private String alert(int minute) {
        Observation vital =
                ClinicFixtures.sessionVital("iv-s1-bp-20min", patient, session, "intra-session", minute, 185, 100);
        vital.setEncounter(null);
        return clinic.create(vital);
    }

    private Subscription restHook(String endpoint) {
        Subscription subscription = new Subscription();
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Safety alerts of one patient");
        subscription.setCriteria("DetectedIssue?status=preliminary&patient=" + patient);
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint(endpoint)
                .setPayload("application/fhir+json")
                .addHeader("Authorization: Bearer receiver-secret-42");
        return subscription;
    }

    /** Creates the subscription and waits until HAPI has activated it. */
    private String subscribe(IGenericClient as, Subscription subscription) {
        String id = as.create()
                .resource(subscription)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        subscriptions.add(id);
        await(
                Duration.ofSeconds(20),
                () -> client().read()
                                .resource(Subscription.class)
                                .withId(id)
                                .execute()
                                .getStatus()
                        == Subscription.SubscriptionStatus.ACTIVE);
        // Every server of the cluster (the suite's second server shares the database) re-reads Subscriptions every 2 s,
        // and any of them may match the next write.
        try {
            Thread.sleep(2500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return id;
    }

    private static void await(Duration limit, BooleanSupplier condition) {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within " + limit);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void eachAlertReachesTheReceiverOnceWithinFiveSeconds() throws Exception {
        NotificationReceiver.Inbox inbox = NotificationReceiver.inbox();
        subscribe(client(), restHook(inbox.endpoint));

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alert(10 + i);
            Instant written = Instant.now();
            int expected = i + 1;
            await(Duration.ofSeconds(10), () -> inbox.received.size() >= expected);
            NotificationReceiver.Notification last = inbox.received.get(i);
            delays.add(Duration.between(written, last.received()).toMillis());
        }
        Thread.sleep(3000); // nothing more arrives: each alert exactly once

        assertThat(inbox.received).hasSize(20);
        assertThat(inbox.received)
                .extracting(n -> n.path().replaceFirst(".*/DetectedIssue/", ""))
                .doesNotHaveDuplicates();
        assertThat(inbox.received).allSatisfy(n -> {
            assertThat(n.method()).isEqualTo("PUT");
            assertThat(n.header("Authorization")).isEqualTo("Bearer receiver-secret-42");
            assertThat(n.body()).contains("\"resourceType\":\"DetectedIssue\"").contains("VITALS-SESSION-BP");
        });
        List<Long> sorted = delays.stream().sorted().toList();
        long p50 = sorted.get(sorted.size() / 2 - 1);
        Files.createDirectories(Path.of("target"));
        Files.writeString(
                Path.of("target", "subscription-delays.txt"),
                "delays ms (write answered -> received): " + delays + "\np50 " + p50 + " ms, max "
                        + sorted.get(sorted.size() - 1) + " ms\n");
        assertThat(sorted.get(sorted.size() - 1))
                .as("every alert within 5 s: " + delays)
                .isLessThanOrEqualTo(5000);
    }

    @Test
    void alertsCanBeNarrowedByCodeAndSessionWritesSubscribedTo() throws Exception {
        NotificationReceiver.Inbox sessionBp = NotificationReceiver.inbox();
        NotificationReceiver.Inbox preDose = NotificationReceiver.inbox();
        NotificationReceiver.Inbox sessions = NotificationReceiver.inbox();
        String alerts = "https://ketaminefhir.org/ig/CodeSystem/safety-alert|";
        Subscription byCode = restHook(sessionBp.endpoint);
        byCode.setCriteria(
                "DetectedIssue?status=preliminary&code=" + alerts + "session-blood-pressure-high&patient=" + patient);
        Subscription otherCode = restHook(preDose.endpoint);
        otherCode.setCriteria(
                "DetectedIssue?status=preliminary&code=" + alerts + "predose-blood-pressure-high&patient=" + patient);
        Subscription sessionWrites = restHook(sessions.endpoint);
        sessionWrites.setCriteria("MedicationAdministration?patient=" + patient);
        subscribe(client(), byCode);
        subscribe(client(), otherCode);
        subscribe(client(), sessionWrites);

        alert(40);
        String plan = clinic.plan(patient);
        Instant later = START.plus(Duration.ofDays(2));
        String next = clinic.create(clinic.ivSession(
                patient,
                plan,
                clinic.encounter(patient, later.minusSeconds(900), later.plusSeconds(5400)),
                later,
                new BigDecimal("0.5")));
        await(Duration.ofSeconds(10), () -> sessionBp.received.size() >= 1 && sessions.received.size() >= 1);
        Thread.sleep(2000);

        assertThat(sessionBp.received).hasSize(1);
        assertThat(preDose.received).isEmpty();
        assertThat(sessions.received)
                .singleElement()
                .satisfies(n -> assertThat(n.path()).endsWith("/" + next));
    }

    @Test
    void anAuthorWithoutTheSensitiveScopeGetsOnlyTheAlertsId() throws Exception {
        NotificationReceiver.Inbox inbox = NotificationReceiver.inbox();
        IGenericClient plain = client(
                Tokens.backend(origin(), TestClinic.BACKEND_PLAIN, TestClinic.BACKEND_PLAIN_KEY, "system/*.cruds"));
        subscribe(plain, restHook(inbox.endpoint));

        alert(30);
        await(Duration.ofSeconds(10), () -> inbox.received.size() >= 1);

        NotificationReceiver.Notification notification = inbox.received.get(0);
        assertThat(notification.path()).matches(".*/DetectedIssue/[^/]+$");
        assertThat(notification.body())
                .contains("\"resourceType\":\"DetectedIssue\"")
                .doesNotContain("VITALS")
                .doesNotContain(patient);
    }

    @Test
    void aFailingReceiverGetsRetriesAndNothingIsLost() throws Exception {
        NotificationReceiver.Inbox inbox = NotificationReceiver.inbox();
        subscribe(client(), restHook(inbox.endpoint));
        inbox.failNext(4);

        alert(31);
        alert(32);

        await(Duration.ofSeconds(40), () -> inbox.answered(200).size() >= 2);
        Thread.sleep(3000);
        assertThat(inbox.answered(500)).hasSize(4);
        assertThat(inbox.answered(200))
                .hasSize(2)
                .extracting(n -> n.path().replaceFirst(".*/DetectedIssue/", ""))
                .doesNotHaveDuplicates();
        assertThat(new org.springframework.jdbc.core.JdbcTemplate(dataSource())
                        .queryForObject(
                                "SELECT count(*) FROM ket_subscription_redelivery WHERE state = 'pending'",
                                Integer.class))
                .isZero();
    }

    @Test
    void anAlertOfARolledBackTransactionIsNeverDelivered() throws Exception {
        NotificationReceiver.Inbox inbox = NotificationReceiver.inbox();
        subscribe(client(), restHook(inbox.endpoint));
        Observation vital =
                ClinicFixtures.sessionVital("iv-s1-bp-20min", patient, session, "intra-session", 33, 185, 100);
        vital.setEncounter(null);
        Observation broken = vital.copy();
        broken.setStatus(null); // required by the profile: the transaction fails after the alert was raised
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setResource(vital)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");
        transaction
                .addEntry()
                .setResource(broken)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");

        assertThatThrownBy(() -> client().transaction().withBundle(transaction).execute())
                .isInstanceOf(UnprocessableEntityException.class);
        alert(34); // a committed alert after it, to know the pipeline ran
        await(Duration.ofSeconds(10), () -> inbox.received.size() >= 1);
        Thread.sleep(3000);

        assertThat(inbox.received).hasSize(1);
    }

    @Test
    void headersAreStoredButNeverShownAndAWriteBackKeepsThem() throws Exception {
        NotificationReceiver.Inbox inbox = NotificationReceiver.inbox();
        Subscription created = (Subscription)
                client().create().resource(restHook(inbox.endpoint)).execute().getResource();
        String id = created.getIdElement().toUnqualifiedVersionless().getValue();
        subscriptions.add(id);

        assertThat(created.getChannel().getHeader())
                .extracting(StringType::getValue)
                .containsExactly("Authorization: ***");
        await(
                Duration.ofSeconds(20),
                () -> client().read()
                                .resource(Subscription.class)
                                .withId(id)
                                .execute()
                                .getStatus()
                        == Subscription.SubscriptionStatus.ACTIVE);
        Subscription read =
                client().read().resource(Subscription.class).withId(id).execute();
        assertThat(read.getChannel().getHeader())
                .extracting(StringType::getValue)
                .containsExactly("Authorization: ***");
        Bundle search = client().search()
                .byUrl("Subscription?_id=" + created.getIdElement().getIdPart())
                .returnBundle(Bundle.class)
                .execute();
        assertThat(((Subscription) search.getEntryFirstRep().getResource())
                        .getChannel()
                        .getHeader())
                .extracting(StringType::getValue)
                .containsExactly("Authorization: ***");
        assertThat(send("GET", "/" + id + "/_history", token(), null).body()).doesNotContain("receiver-secret-42");

        read.setReason("Safety alerts, renamed");
        client().update().resource(read).execute();
        await(
                Duration.ofSeconds(20),
                () -> client().read()
                                .resource(Subscription.class)
                                .withId(id)
                                .execute()
                                .getStatus()
                        == Subscription.SubscriptionStatus.ACTIVE);
        Thread.sleep(2500); // every server re-reads it (see subscribe)
        alert(35);
        await(Duration.ofSeconds(10), () -> inbox.received.size() >= 1);
        assertThat(inbox.received.get(0).header("Authorization")).isEqualTo("Bearer receiver-secret-42");
    }

    @Test
    void aBulkExportOfSubscriptionsShowsTheirHeadersMasked() throws Exception {
        subscribe(client(), restHook(NotificationReceiver.inbox().endpoint));
        HttpClient http = HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> kickOff = http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(fhirBase() + "/$export?_type=Subscription"))
                        .header("Authorization", "Bearer " + token())
                        .header("Accept", "application/fhir+json")
                        .header("Prefer", "respond-async")
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
        String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
        java.net.http.HttpResponse<String>[] manifest = new java.net.http.HttpResponse[1];
        await(Duration.ofSeconds(120), () -> {
            try {
                manifest[0] = http.send(
                        java.net.http.HttpRequest.newBuilder(URI.create(status))
                                .header("Authorization", "Bearer " + token())
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                return manifest[0].statusCode() == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        StringBuilder lines = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonNode output : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(manifest[0].body())
                .get("output")) {
            lines.append(http.send(
                            java.net.http.HttpRequest.newBuilder(
                                            URI.create(output.get("url").asText()))
                                    .header("Authorization", "Bearer " + token())
                                    .header("Accept", "application/fhir+ndjson")
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body());
        }
        assertThat(lines.toString()).contains("Authorization: ***").doesNotContain("receiver-secret-42");
    }

    @Test
    void anEndpointOutsideTheAllowListIsRefusedAndWritingNeedsAScopeForIt() {
        Subscription elsewhere = restHook("https://elsewhere.example/hooks/1");
        assertThatThrownBy(() -> client().create().resource(elsewhere).execute())
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("does not start with an allowed prefix");

        Subscription searchCriteria = restHook(NotificationReceiver.inbox().endpoint);
        searchCriteria.addExtension(
                ca.uhn.fhir.util.HapiExtensions.EXT_SUBSCRIPTION_PAYLOAD_SEARCH_CRITERIA,
                new StringType("Observation?patient=" + patient));
        assertThatThrownBy(() -> client().create().resource(searchCriteria).execute())
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("is not supported here");

        IGenericClient readOnly =
                client(Tokens.backend(origin(), TestClinic.BACKEND_PLAIN, TestClinic.BACKEND_PLAIN_KEY, "system/*.rs"));
        assertThatThrownBy(() -> readOnly.create()
                        .resource(restHook(NotificationReceiver.inbox().endpoint))
                        .execute())
                .isInstanceOf(ForbiddenOperationException.class);
    }

    @Test
    void aWebsocketClientBoundToASubscriptionGetsAPingPerAlert() throws Exception {
        Subscription subscription = new Subscription();
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Alerts on the clinic's screen");
        subscription.setCriteria("DetectedIssue?status=preliminary&patient=" + patient);
        subscription.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET);
        String id = subscribe(client(), subscription);
        String idPart = new org.hl7.fhir.r4.model.IdType(id).getIdPart();

        // A ping goes out from the server that matched the write: with two servers on one database (as in this suite),
        // a screen binds on each, and each alert is pinged once across them.
        List<String> messages = new CopyOnWriteArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        for (int serverPort : List.of(port, secondServer().port())) {
            sockets.add(HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create("ws://localhost:" + serverPort + "/websocket"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            messages.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS));
        }
        try {
            for (WebSocket socket : sockets) {
                socket.sendText("bind " + idPart, true).get(5, TimeUnit.SECONDS);
            }
            await(
                    Duration.ofSeconds(10),
                    () -> messages.stream().filter(m -> m.startsWith("bound")).count() == 2);

            alert(36);
            alert(37);
            alert(38);
            await(
                    Duration.ofSeconds(15),
                    () -> messages.stream().filter(m -> m.startsWith("ping")).count() >= 3);
            Thread.sleep(2000);

            assertThat(messages.stream().filter(m -> m.startsWith("ping")))
                    .hasSize(3)
                    .allMatch(m -> m.equals("ping " + idPart));
        } finally {
            sockets.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        }
    }

    // ---- topic-based (Subscriptions R5 Backport IG, R4)

    private static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    private static final String TOPIC = "https://ketaminefhir.org/ig/SubscriptionTopic/safety-alert";

    private Subscription topicSubscription(String endpoint) {
        Subscription subscription = new Subscription();
        subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Safety alerts of one patient, by topic");
        subscription.setCriteria(TOPIC);
        subscription
                .getCriteriaElement()
                .addExtension(
                        BACKPORT + "backport-filter-criteria", new StringType("DetectedIssue?patient=" + patient));
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint(endpoint)
                .setPayload("application/fhir+json");
        subscription
                .getChannel()
                .getPayloadElement()
                .addExtension(
                        BACKPORT + "backport-payload-content", new org.hl7.fhir.r4.model.CodeType("full-resource"));
        return subscription;
    }

    @Test
    void theSafetyAlertTopicIsPublishedTheBackportWay() {
        Bundle topics = client().search()
                .byUrl("Basic?code=http://hl7.org/fhir/fhir-types|SubscriptionTopic")
                .returnBundle(Bundle.class)
                .execute();

        assertThat(topics.getEntry())
                .anySatisfy(e -> assertThat(((org.hl7.fhir.r4.model.Basic) e.getResource())
                                .getExtensionByUrl(
                                        "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.url")
                                .getValue()
                                .primitiveValue())
                        .isEqualTo(TOPIC));
    }

    @Test
    void aTopicSubscriptionGetsHistoryBundlesWithTheSubscriptionStatusFirst() throws Exception {
        NotificationReceiver.Inbox full = NotificationReceiver.inbox();
        NotificationReceiver.Inbox idOnly = NotificationReceiver.inbox();
        subscribe(client(), topicSubscription(full.endpoint));
        subscribe(
                client(Tokens.backend(
                        origin(), TestClinic.BACKEND_PLAIN, TestClinic.BACKEND_PLAIN_KEY, "system/*.cruds")),
                topicSubscription(idOnly.endpoint));

        alert(39);
        await(Duration.ofSeconds(15), () -> full.received.size() >= 1 && idOnly.received.size() >= 1);
        Thread.sleep(2000);

        assertThat(full.received)
                .as(full.received.stream().map(n -> n.body()).toList().toString())
                .hasSize(1);
        Bundle notification = FHIR.newJsonParser()
                .parseResource(Bundle.class, full.received.get(0).body());
        assertThat(notification.getType()).isEqualTo(Bundle.BundleType.HISTORY);
        org.hl7.fhir.r4.model.Parameters status = (org.hl7.fhir.r4.model.Parameters)
                notification.getEntryFirstRep().getResource();
        assertThat(status.getParameter("topic").getValue().primitiveValue()).isEqualTo(TOPIC);
        assertThat(status.getParameter("type").getValue().primitiveValue()).isEqualTo("event-notification");
        assertThat(notification.getEntry().get(1).getResource())
                .isInstanceOfSatisfying(
                        org.hl7.fhir.r4.model.DetectedIssue.class,
                        issue -> assertThat(issue.getDetail()).startsWith("VITALS-SESSION-BP"));

        Bundle reduced = FHIR.newJsonParser()
                .parseResource(Bundle.class, idOnly.received.get(0).body());
        assertThat(reduced.getEntry().get(1).getResource())
                .isInstanceOfSatisfying(
                        org.hl7.fhir.r4.model.DetectedIssue.class,
                        issue -> assertThat(issue.hasDetail()).isFalse());
    }

    private javax.sql.DataSource dataSource() {
        org.ketaminefhir.server.support.TestDatabases.TestDatabase db =
                org.ketaminefhir.server.support.TestDatabases.shared();
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
    }
}
