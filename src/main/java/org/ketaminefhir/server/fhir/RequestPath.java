package org.ketaminefhir.server.fhir;

import java.util.List;
import org.springframework.core.Ordered;

/**
 * The path of a request through the server, in one place: every servlet filter, security filter chain and HAPI hook
 * of ours (and the framework's steps between them), in the order they run, with the order each takes from here.
 *
 * <p><b>Servlet filters</b> (lowest order first), then the <b>security chains</b> (the first whose paths match takes the
 * request), then HAPI's {@code RestfulServer} at {@value FhirEndpoint#PATH}, whose <b>hooks</b> run by their order at
 * each HAPI pointcut (lower first; HAPI merges the endpoint's and the storage's interceptors and sorts them by order).
 * A class's hooks all take its stage's order, and no two classes of ours share an order at a pointcut, so registration
 * order never decides anything.
 *
 * <p>On a write: the labels go on first, then the audit notes what is written, then who may write it is decided (the
 * access gate, sensitive data), then the IG's profiles are enforced, then writes for one patient queue, then the
 * clinical rules run, then HAPI's authorization rules check the resource's compartment. After the write, before the
 * commit, the safety alerts (vital signs, in-session scores) are raised, a treatment plan's questionnaire Tasks are
 * kept, an esketamine session's REMS Task is kept, and HAPI records the write for
 * subscriptions. On a read: the audit notes what
 * was found (so a refused read still names the patient), labelled data and ungranted types are left out, then HAPI's
 * authorization rules check what remains. On the answer: the request id goes into OperationOutcomes, subscription
 * headers are masked, and the audit filter releases the answer once its record is stored.
 *
 * <p>{@code RequestPathIT} checks this table against the running server: every filter, chain and hook registered is
 * named here, at the order given here.
 */
public final class RequestPath {

    // ---- Servlet filters (Spring Boot's FilterRegistrationBean orders) ----

    /** {@code RequestIds}: first of all, so every log line of a request (the security filters' too) carries its id. */
    public static final int FILTER_REQUEST_IDS = Ordered.HIGHEST_PRECEDENCE;

    /**
     * {@code AuditFilter} on the FHIR endpoint: just before the security chains, so 401 and 403 answers are audited too;
     * it holds the answer back until its AuditEvent is stored (the audit release, the last step of every request).
     */
    public static final int FILTER_AUDIT =
            org.springframework.boot.autoconfigure.security.SecurityProperties.DEFAULT_FILTER_ORDER - 1;

    /** Spring Security's filter chains (Spring Boot's default order); see the {@code CHAIN_} orders. */
    public static final int FILTER_SECURITY =
            org.springframework.boot.autoconfigure.security.SecurityProperties.DEFAULT_FILTER_ORDER;

    /** {@code RequestLimitsFilter}: after the security chains (a request is authenticated and audited before its body is read). */
    public static final int FILTER_REQUEST_LIMITS = FILTER_SECURITY + 10;

    // ---- Security filter chains (@Order; the first chain whose paths match takes the request) ----

    /** The embedded authorization server's endpoints (token, authorize, JWKS, OpenID discovery); patient picker. */
    public static final int CHAIN_AUTHORIZATION_SERVER = 1;

    /** {@value FhirEndpoint#PATH}: an access token on everything but the CapabilityStatement and SMART discovery. */
    public static final int CHAIN_FHIR = 2;

    /** The EHR launch API ({@code /smart/launch}): a user's access token. */
    public static final int CHAIN_LAUNCH = 3;

    /** CDS Hooks ({@code /cds-services}): discovery public, service calls with a CDS client's signed JWT. */
    public static final int CHAIN_CDS_HOOKS = 4;

    /** Everything else: health open, other actuator endpoints closed, sign-in pages, the dashboard's files. */
    public static final int CHAIN_DEFAULT = Ordered.LOWEST_PRECEDENCE;

    // ---- HAPI hooks (lower runs first at each pointcut) ----

    /** {@code SensitivityLabeller}: the sensitivity labels are put on every write of sensitive data, by anyone. */
    public static final int LABELS = -100;

    /** {@code AuditTrailInterceptor}: the audit notes the resources and patients a request touches, and its failure. */
    public static final int AUDIT = -80;

    /** {@code AccessGate}: what HAPI's authorization rules do not cover (meta operations, history, r versus s, ...). */
    public static final int ACCESS_GATE = -60;

    /** {@code BulkExportGate}: who may start an export and read its status and files. */
    public static final int BULK_EXPORT_GATE = -55;

    /** {@code SensitiveDataRelease}: labelled data only to tokens with the sensitive-data scope. */
    public static final int SENSITIVE_DATA = -40;

    /** {@code EverythingNarrowing}: {@code $everything} leaves out the types the token was not granted. */
    public static final int EVERYTHING_NARROWING = -35;

    /** {@code EverythingParameters}: {@code $everything} parameters HAPI would not apply are refused (400). */
    public static final int EVERYTHING_PARAMETERS = -30;

    /** {@code EverythingSince}: {@code $everything?_since} applied, on every page. */
    public static final int EVERYTHING_SINCE = -25;

    /**
     * {@code ExportKickOff}: a Bulk Data export's parameters checked at kick-off ({@code patient}, {@code _typeFilter},
     * {@code _elements}; strict or lenient), and its error file written.
     */
    public static final int EXPORT_KICK_OFF = -24;

    /** {@code PatientCompartmentNarrowing}: a patient's token searches only the patient's compartment. */
    public static final int SEARCH_NARROWING = -20;

    /** {@code SubscriptionGate}: who may subscribe, and to which endpoints. */
    public static final int SUBSCRIPTION_GATE = -15;

    /** {@code VitalSignAlertInterceptor}: after a vital sign is written, before the commit, its alert is raised. */
    public static final int VITAL_SIGN_ALERTS = -10;

    /** {@code InSessionScoreAlertInterceptor}: after a MOAA/S or CADSS score is written, before the commit, its alert. */
    public static final int SCORE_ALERTS = -9;

    /** {@code QuestionnaireTaskInterceptor}: after a treatment plan is written, before the commit, its questionnaire Tasks. */
    public static final int QUESTIONNAIRE_TASKS = -8;

    /** {@code RemsTaskInterceptor}: after an esketamine session is written, before the commit, its REMS Task is kept. */
    public static final int REMS_TASKS = -7;

    /** {@code TransactionBundles}: a transaction's bundle is kept for the rules that read the whole request. */
    public static final int TRANSACTION_BUNDLES = -5;

    /** HAPI's own hooks that declare no order (its subscription matching, for example). */
    public static final int HAPI_DEFAULT = 0;

    /** {@code ProfileEnforcementInterceptor}: the IG's profiles (before the transaction, and at storage). */
    public static final int PROFILE_VALIDATION = 10;

    /** {@code RequestIdInOutcomes}: the request id in every OperationOutcome. */
    public static final int REQUEST_ID_IN_OUTCOMES = 20;

    /** {@code SubscriptionHeaderMasking}: a Subscription's channel headers shown masked, in answers and exports. */
    public static final int SUBSCRIPTION_HEADERS = 30;

    /** {@code WriteConflicts}: races between writes retried, or answered 412 / 409 in plain words. */
    public static final int WRITE_CONFLICTS = 40;

    /** {@code RequestTimeLimit}: a request cut off by its time limit answers 408. */
    public static final int REQUEST_TIME_LIMIT = 41;

    /** {@code FhirRequestMetrics}: requests timed and refusals counted by rule. */
    public static final int METRICS = 42;

    /** {@code PatientWriteLock}: writes for one patient run one at a time from here on. */
    public static final int PATIENT_LOCK = 50;

    /** {@code SupportedProfilesInterceptor}: the IG's profiles in the CapabilityStatement. */
    public static final int SUPPORTED_PROFILES = 60;

    /** {@code SmartCapabilityStatement}: the SMART security service in the CapabilityStatement. */
    public static final int SMART_CAPABILITY = 61;

    /**
     * {@code ServedCapabilities}: the CapabilityStatement says what the server serves: its name, publisher and version,
     * only the operations and search parameters it answers, Bulk Data export by its canonical definitions, CDS Hooks.
     */
    public static final int SERVED_CAPABILITIES = 62;

    /** {@code BulkExportRelease}: labelled resources into an export only with the sensitive-data scope. */
    public static final int BULK_EXPORT_RELEASE = 70;

    /** {@code ExportElements}: an export with {@code _elements} holds those elements, tagged SUBSETTED. */
    public static final int EXPORT_ELEMENTS = 72;

    /** {@code NotificationDelivery}: what a subscription notification carries, and its retries. */
    public static final int NOTIFICATION_DELIVERY = 75;

    /** {@code CachedOpenApi}: the OpenAPI description and its page. */
    public static final int OPEN_API = 80;

    /** {@code ScreeningOutcomeRule}: a screening's outcome is the server's (after the lock: it reads the chart). */
    public static final int SCREENING_OUTCOME = 90;

    /** {@code SessionRulesInterceptor}: the session rules (after validation and the lock: they read the chart). */
    public static final int SESSION_RULES = 95;

    /** {@code DischargeRuleInterceptor}: a discharge recorded as ready while sedated (after the lock: it reads the session). */
    public static final int DISCHARGE_RULE = 96;

    /** {@code AlertReviewInterceptor}: a suicide-risk alert is reviewed only with a mitigation. */
    public static final int ALERT_REVIEW = 97;

    /**
     * {@code QuestionnaireResponseInterceptor}: a completed response checked and its total filled (after validation and
     * the lock); after it is stored, before the commit, its Observations, suicide-risk alerts and Tasks.
     */
    public static final int QUESTIONNAIRE_RESPONSES = 98;

    /**
     * {@code RemsSubmissionInterceptor}: a completed REMS form's session and a REMS submission checked (after the lock
     * and the response's own checks); after either is stored, before the commit, the REMS Task moves on.
     */
    public static final int REMS_SUBMISSIONS = 99;

    /** HAPI's {@code SubscriptionValidatingInterceptor}: a Subscription's form, at HAPI's own order. */
    public static final int HAPI_SUBSCRIPTION_VALIDATION = 100;

    /** HAPI's {@code AuthorizationInterceptor} (ours: {@code SmartAuthorizationInterceptor}), at HAPI's own order. */
    public static final int AUTHORIZATION = 200;

    /** HAPI's {@code ResponseHighlighterInterceptor}: HTML for a person's browser, at HAPI's own order. */
    public static final int RESPONSE_HIGHLIGHTING = 10000;

    /** What runs at one step: a filter, a chain, or the hooks of a class. */
    public enum Kind {
        FILTER,
        CHAIN,
        HOOKS
    }

    /**
     * One step of the path.
     *
     * @param kind  filter, chain or hooks
     * @param order its order (see the constants above)
     * @param names a filter's class or registration, a chain's bean and then the filters of ours in it, or the classes
     *     whose hooks run at this order (simple names; HAPI's are named too)
     */
    public record Step(Kind kind, int order, List<String> names) {}

    /** The whole path, in the order of the constants above within each kind. */
    public static final List<Step> STEPS = List.of(
            filter(FILTER_REQUEST_IDS, "RequestIds"),
            filter(FILTER_AUDIT, "AuditFilter"),
            filter(FILTER_SECURITY, "springSecurityFilterChain"),
            filter(FILTER_REQUEST_LIMITS, "RequestLimitsFilter"),
            chain(
                    CHAIN_AUTHORIZATION_SERVER,
                    "authorizationServerSecurity",
                    "PatientPickRedirect",
                    "TokenRequestCheck"),
            chain(CHAIN_FHIR, "fhirSecurity", "CallerOnRequest"),
            chain(CHAIN_LAUNCH, "launchSecurity", "CallerOnRequest"),
            chain(CHAIN_CDS_HOOKS, "cdsHooksSecurity", "CdsClientFilter"),
            chain(CHAIN_DEFAULT, "defaultSecurity"),
            hooks(LABELS, "SensitivityLabeller"),
            hooks(AUDIT, "AuditTrailInterceptor"),
            hooks(ACCESS_GATE, "AccessGate"),
            hooks(BULK_EXPORT_GATE, "BulkExportGate"),
            hooks(SENSITIVE_DATA, "SensitiveDataRelease"),
            hooks(EVERYTHING_NARROWING, "EverythingNarrowing"),
            hooks(EVERYTHING_PARAMETERS, "EverythingParameters"),
            hooks(EVERYTHING_SINCE, "EverythingSince"),
            hooks(EXPORT_KICK_OFF, "ExportKickOff"),
            hooks(SEARCH_NARROWING, "PatientCompartmentNarrowing"),
            hooks(SUBSCRIPTION_GATE, "SubscriptionGate"),
            hooks(VITAL_SIGN_ALERTS, "VitalSignAlertInterceptor"),
            hooks(SCORE_ALERTS, "InSessionScoreAlertInterceptor"),
            hooks(QUESTIONNAIRE_TASKS, "QuestionnaireTaskInterceptor"),
            hooks(REMS_TASKS, "RemsTaskInterceptor"),
            hooks(TRANSACTION_BUNDLES, "TransactionBundles"),
            hooks(HAPI_DEFAULT, "SubscriptionMatcherInterceptor", "ResponseHighlighterInterceptor"),
            hooks(PROFILE_VALIDATION, "ProfileEnforcementInterceptor", "EarlyValidationHook"),
            hooks(REQUEST_ID_IN_OUTCOMES, "RequestIdInOutcomes"),
            hooks(SUBSCRIPTION_HEADERS, "SubscriptionHeaderMasking", "SubscriptionHeadersInExports"),
            hooks(WRITE_CONFLICTS, "WriteConflicts"),
            hooks(REQUEST_TIME_LIMIT, "RequestTimeLimit"),
            hooks(METRICS, "FhirRequestMetrics"),
            hooks(PATIENT_LOCK, "PatientWriteLock"),
            hooks(SUPPORTED_PROFILES, "SupportedProfilesInterceptor"),
            hooks(SMART_CAPABILITY, "SmartCapabilityStatement"),
            hooks(SERVED_CAPABILITIES, "ServedCapabilities"),
            hooks(BULK_EXPORT_RELEASE, "BulkExportRelease"),
            hooks(EXPORT_ELEMENTS, "ExportElements"),
            hooks(NOTIFICATION_DELIVERY, "NotificationDelivery"),
            hooks(OPEN_API, "CachedOpenApi"),
            hooks(SCREENING_OUTCOME, "ScreeningOutcomeRule"),
            hooks(SESSION_RULES, "SessionRulesInterceptor"),
            hooks(DISCHARGE_RULE, "DischargeRuleInterceptor"),
            hooks(ALERT_REVIEW, "AlertReviewInterceptor"),
            hooks(QUESTIONNAIRE_RESPONSES, "QuestionnaireResponseInterceptor"),
            hooks(REMS_SUBMISSIONS, "RemsSubmissionInterceptor"),
            hooks(HAPI_SUBSCRIPTION_VALIDATION, "SubscriptionValidatingInterceptor"),
            hooks(AUTHORIZATION, "SmartAuthorizationInterceptor"),
            hooks(RESPONSE_HIGHLIGHTING, "ResponseHighlighterInterceptor"));

    private static Step filter(int order, String name) {
        return new Step(Kind.FILTER, order, List.of(name));
    }

    /** A security chain: its bean name, then the filters of ours in it (Spring Security's own are not named). */
    private static Step chain(int order, String... beanAndFilters) {
        return new Step(Kind.CHAIN, order, List.of(beanAndFilters));
    }

    private static Step hooks(int order, String... names) {
        return new Step(Kind.HOOKS, order, List.of(names));
    }

    private RequestPath() {}
}
