package org.ketaminefhir.server.fhir;

/** Where the FHIR endpoint is served and what it calls itself: the constants every package may need. */
public final class FhirEndpoint {

    /** The servlet path of the FHIR endpoint (HAPI's RestfulServer). */
    public static final String PATH = "/fhir";

    /** The software name in the CapabilityStatement and the start-up log. */
    public static final String SOFTWARE_NAME = "Ketamine Therapy FHIR Server";

    /**
     * Who publishes the server, when the build did not say (the build's own comes from the Maven project's
     * organization).
     */
    public static final String PUBLISHER = "Ketamine FHIR Server project";

    private FhirEndpoint() {}
}
