package org.ketaminefhir.server.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one request to the FHIR endpoint did, gathered while it runs: the interaction, the resources it read or wrote,
 * the patients they belong to, and why it was refused. Lives on the HTTP request; the audit filter turns it into an
 * AuditEvent when the answer is ready.
 */
public final class AccessRecord {

    public static final String ATTRIBUTE = AccessRecord.class.getName();

    /** More resources than this in one answer are counted, not listed. */
    static final int MAX_LISTED = 200;

    private volatile String interaction;
    private volatile String resourceType;
    private volatile String operation;
    private volatile String refusal;
    private final Set<String> resources = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<String> patients = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile int resourceCount;
    private volatile boolean partlyRefused;

    public static AccessRecord of(HttpServletRequest request) {
        Object existing = request.getAttribute(ATTRIBUTE);
        if (existing instanceof AccessRecord record) {
            return record;
        }
        AccessRecord record = new AccessRecord();
        request.setAttribute(ATTRIBUTE, record);
        return record;
    }

    /** The FHIR interaction as HAPI decided it ({@code read}, {@code search-type}, ..., restful-interaction codes). */
    public void interaction(String code, String type, String operationName) {
        this.interaction = code;
        this.resourceType = type;
        this.operation = operationName;
    }

    public void resource(String reference) {
        resourceCount++;
        if (resources.size() < MAX_LISTED) {
            resources.add(reference);
        }
    }

    public void patient(String reference) {
        if (reference != null && patients.size() < MAX_LISTED) {
            patients.add(reference);
        }
    }

    /** Some entries of a batch were refused although the batch itself was answered. */
    public void partlyRefused(String why) {
        partlyRefused = true;
        refusal(why);
    }

    public boolean isPartlyRefused() {
        return partlyRefused;
    }

    public void refusal(String why) {
        if (refusal == null) {
            refusal = why;
        }
    }

    public String interaction() {
        return interaction;
    }

    public String resourceType() {
        return resourceType;
    }

    public String operation() {
        return operation;
    }

    public String refusal() {
        return refusal;
    }

    public Set<String> resources() {
        synchronized (resources) {
            return Set.copyOf(resources);
        }
    }

    public Set<String> patients() {
        synchronized (patients) {
            return new LinkedHashSet<>(patients);
        }
    }

    public int resourceCount() {
        return resourceCount;
    }
}
