package org.ketaminefhir.server.subscriptions;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.subscription.channel.subscription.SubscriptionChannelRegistry;
import ca.uhn.fhir.jpa.subscription.match.registry.ActiveSubscription;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionRegistry;
import ca.uhn.fhir.jpa.subscription.model.ResourceDeliveryJsonMessage;
import ca.uhn.fhir.jpa.subscription.model.ResourceDeliveryMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The notifications a receiver failed to take, kept in the database and tried again by {@link RedeliveryPolicy}:
 * nothing is lost when a receiver is down, when the server restarts, or when another server of the cluster picks the
 * retry up. A retry goes back into HAPI's delivery channel with the row's id as an attribute, so that its success
 * removes the row and its failure schedules the next attempt. A notification still failing after the give-up time is
 * kept as {@code abandoned} and logged as an error.
 */
public class Redeliveries {

    private static final Logger log = LoggerFactory.getLogger(Redeliveries.class);
    static final String ATTRIBUTE = "ketamine-redelivery-id";
    /** How long a server holds a retry it sent before another server may send it again (it may have died). */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final JdbcTemplate jdbc;
    private final RedeliveryPolicy policy;
    private final SubscriptionRegistry subscriptions;
    private final SubscriptionChannelRegistry channels;
    private final FhirContext fhirContext;
    private final Clock clock;

    public Redeliveries(
            JdbcTemplate jdbc,
            RedeliveryPolicy policy,
            SubscriptionRegistry subscriptions,
            SubscriptionChannelRegistry channels,
            FhirContext fhirContext,
            Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.subscriptions = subscriptions;
        this.channels = channels;
        this.fhirContext = fhirContext;
        this.clock = clock;
    }

    /** A delivery failed: keep it (first failure) or schedule its next attempt. */
    public void failed(ResourceDeliveryMessage message, Exception error) {
        Instant now = clock.instant();
        String why = error == null ? "unknown" : truncate(String.valueOf(rootMessage(error)));
        Optional<String> id = message.getAttribute(ATTRIBUTE);
        if (id.isEmpty()) {
            String newId = UUID.randomUUID().toString();
            message.setAttribute(ATTRIBUTE, newId);
            Instant next = policy.nextAttempt(1, now, now).orElse(now);
            jdbc.update(
                    "INSERT INTO ket_subscription_redelivery (id, subscription_id, message, attempts, first_failed, next_attempt, state, last_error)"
                            + " VALUES (?, ?, ?, 1, ?, ?, 'pending', ?)",
                    newId,
                    message.getSubscriptionId(fhirContext),
                    json(message),
                    Timestamp.from(now),
                    Timestamp.from(next),
                    why);
            log.warn(
                    "Notification of {} for {} failed ({}); kept, next attempt at {}",
                    message.getPayloadId(),
                    message.getSubscriptionId(fhirContext),
                    why,
                    next);
            return;
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT attempts, first_failed FROM ket_subscription_redelivery WHERE id = ?", id.get());
        if (rows.isEmpty()) {
            return;
        }
        int attempts = ((Number) rows.get(0).get("attempts")).intValue() + 1;
        Instant first = ((Timestamp) rows.get(0).get("first_failed")).toInstant();
        Optional<Instant> next = policy.nextAttempt(attempts, first, now);
        if (next.isEmpty()) {
            jdbc.update(
                    "UPDATE ket_subscription_redelivery SET attempts = ?, state = 'abandoned', last_error = ? WHERE id = ?",
                    attempts,
                    why,
                    id.get());
            log.error(
                    "Notification of {} for {} abandoned after {} attempts since {} ({}): see ket_subscription_redelivery {}",
                    message.getPayloadId(),
                    message.getSubscriptionId(fhirContext),
                    attempts,
                    first,
                    why,
                    id.get());
        } else {
            jdbc.update(
                    "UPDATE ket_subscription_redelivery SET attempts = ?, next_attempt = ?, last_error = ? WHERE id = ?",
                    attempts,
                    Timestamp.from(next.get()),
                    why,
                    id.get());
        }
    }

    /** A retry was delivered: it is done. */
    public void delivered(ResourceDeliveryMessage message) {
        message.getAttribute(ATTRIBUTE)
                .ifPresent(id -> jdbc.update("DELETE FROM ket_subscription_redelivery WHERE id = ?", id));
    }

    /** Sends the retries that are due (each claimed first, so that two servers do not both send it). */
    public int sendDue() {
        Instant now = clock.instant();
        List<Map<String, Object>> due = jdbc.queryForList(
                "SELECT id, subscription_id, message, next_attempt FROM ket_subscription_redelivery"
                        + " WHERE state = 'pending' AND next_attempt <= ? ORDER BY next_attempt LIMIT 50",
                Timestamp.from(now));
        int sent = 0;
        for (Map<String, Object> row : due) {
            String id = (String) row.get("id");
            int claimed = jdbc.update(
                    "UPDATE ket_subscription_redelivery SET next_attempt = ? WHERE id = ? AND state = 'pending' AND next_attempt = ?",
                    Timestamp.from(now.plus(LEASE)),
                    id,
                    row.get("next_attempt"));
            if (claimed == 1 && send(id, (String) row.get("subscription_id"), (String) row.get("message"))) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(String id, String subscriptionId, String json) {
        ActiveSubscription active = subscriptions.get(new ca.uhn.fhir.model.primitive.IdDt(subscriptionId).getIdPart());
        try {
            ResourceDeliveryMessage message =
                    ResourceDeliveryJsonMessage.fromJson(json).getPayload();
            message.setAttribute(ATTRIBUTE, id);
            if (active == null) {
                // Deleted or switched off, or not yet known to this server: counted as a failed attempt, tried again
                // (here or on another server) until the give-up time.
                failed(message, new IllegalStateException("the subscription is not active on this server"));
                return false;
            }
            var producer = channels.getDeliveryChannelProducer(active.getChannelName());
            if (producer == null) {
                return false; // the lease runs out and the next round tries again
            }
            producer.send(new ResourceDeliveryJsonMessage(message));
            return true;
        } catch (JsonProcessingException | RuntimeException e) {
            log.error("Notification {} for {} could not be sent again: {}", id, subscriptionId, e.getMessage());
            return false;
        }
    }

    private static String json(ResourceDeliveryMessage message) {
        try {
            return new ResourceDeliveryJsonMessage(message).asJson();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a delivery message could not be written as JSON", e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String truncate(String value) {
        return value.length() > 2000 ? value.substring(0, 2000) : value;
    }
}
