package org.ketaminefhir.server.subscriptions;

import java.util.List;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * A Subscription's {@code channel.header} values (an Authorization header for the receiver, say) are stored as given
 * but never shown: every response and export shows {@code Name: ***}. A client that writes a shown Subscription back
 * keeps the stored value of each masked header.
 */
public final class SubscriptionHeaders {

    static final String MASK = "***";

    private SubscriptionHeaders() {}

    /** Masks the header values of this (copied) Subscription in place. */
    public static void mask(Subscription subscription) {
        for (StringType header : subscription.getChannel().getHeader()) {
            header.setValue(masked(header.getValue()));
        }
    }

    static String masked(String header) {
        if (header == null) {
            return null;
        }
        int colon = header.indexOf(':');
        return colon < 0 ? MASK : header.substring(0, colon) + ": " + MASK;
    }

    /** Puts back the stored value of each header the client sent masked (same name, value {@code ***}). */
    static void unmask(Subscription incoming, Subscription stored) {
        List<StringType> previous =
                stored == null ? List.of() : stored.getChannel().getHeader();
        for (StringType header : incoming.getChannel().getHeader()) {
            String value = header.getValue();
            if (value == null || !value.equals(masked(value)) || !value.endsWith(MASK)) {
                continue;
            }
            String name = name(value);
            previous.stream()
                    .map(StringType::getValue)
                    .filter(p -> p != null && name.equalsIgnoreCase(name(p)))
                    .findFirst()
                    .ifPresent(header::setValue);
        }
    }

    private static String name(String header) {
        int colon = header.indexOf(':');
        return colon < 0 ? "" : header.substring(0, colon).trim();
    }
}
