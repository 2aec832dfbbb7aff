package org.ketaminefhir.server.fhir;

/**
 * The order of the server's HAPI hooks, in one place (lower runs first; HAPI's own interceptors, such as its
 * AuthorizationInterceptor and SearchNarrowingInterceptor, run at 0).
 *
 * <p>On a write: the labels are put on first, then the audit notes what is written, then who may write it is decided
 * (sensitive data, then HAPI's authorization rules), then the IG's profiles are enforced, then the clinical rules run.
 * On a read: the audit notes what was found (so a refused read still names the patient), then labelled data is left
 * out, then HAPI's authorization rules check what remains.
 */
public final class InterceptorOrder {

	/** Storage: sensitivity labels are stored on every write of sensitive data. */
	public static final int LABELS = -100;

	/** The audit trail notes the resources and patients a request touches. */
	public static final int AUDIT = -80;

	/** What HAPI's authorization rules do not cover: meta operations, system history, r versus s in batches, ... */
	public static final int ACCESS_GATE = -60;

	/** Labelled data is released only to tokens with the sensitive-data scope. */
	public static final int SENSITIVE_DATA = -40;

	/** HAPI's AuthorizationInterceptor and SearchNarrowingInterceptor (their hooks carry no order). */
	public static final int AUTHORIZATION = 0;

	/** The implementation guide's profiles. */
	public static final int PROFILE_VALIDATION = 10;

	/** Writes for one patient run one at a time from here on (see PatientWriteLock). */
	public static final int PATIENT_LOCK = 50;

	/**
	 * The clinic's rules on screenings and sessions: after validation (they rely on well-formed resources) and after the
	 * patient lock (they read the patient's other records).
	 */
	public static final int CLINICAL_RULES = 100;

	private InterceptorOrder() {}
}
