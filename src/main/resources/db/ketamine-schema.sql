-- The server's own tables (HAPI keeps its own). Run at every start; each statement is idempotent.
-- {{TEXT}} is text on PostgreSQL and varchar(1000000) on H2 (H2 cannot compare CLOBs, and the authorization server
-- looks tokens up by value).

-- Audit trail: one row per request to /fhir, written before the response is released. Never updated or deleted.
CREATE TABLE IF NOT EXISTS ket_audit_event (
    id varchar(64) NOT NULL PRIMARY KEY,
    recorded timestamp with time zone NOT NULL,
    outcome varchar(4) NOT NULL,
    action varchar(4) NOT NULL,
    subtype varchar(64) NOT NULL,
    resource {{TEXT}} NOT NULL
);
CREATE INDEX IF NOT EXISTS ket_audit_event_recorded ON ket_audit_event (recorded);
-- What each event is about, for searching by patient, agent and entity.
CREATE TABLE IF NOT EXISTS ket_audit_subject (
    audit_id varchar(64) NOT NULL,
    kind varchar(16) NOT NULL,
    subject varchar(512) NOT NULL
);
CREATE INDEX IF NOT EXISTS ket_audit_subject_value ON ket_audit_subject (kind, subject);
CREATE INDEX IF NOT EXISTS ket_audit_subject_audit ON ket_audit_subject (audit_id);

-- Who may see a search's later pages: the callers that received its first page.
CREATE TABLE IF NOT EXISTS ket_search_owner (
    search_id varchar(64) NOT NULL,
    caller varchar(64) NOT NULL,
    created timestamp with time zone NOT NULL,
    PRIMARY KEY (search_id, caller)
);

-- _since of a Patient/[id]/$everything search, by search id, so that its later pages are filtered as its first was.
CREATE TABLE IF NOT EXISTS ket_everything_since (
    search_id varchar(64) NOT NULL PRIMARY KEY,
    since timestamp with time zone NOT NULL,
    created timestamp with time zone NOT NULL
);

-- The implementation guide package installed into HAPI's tables, by content: a start with the same package skips the
-- install (it takes seconds and changes nothing).
CREATE TABLE IF NOT EXISTS ket_ig_install (
    package_id varchar(200) NOT NULL PRIMARY KEY,
    version varchar(100) NOT NULL,
    content_sha256 varchar(64) NOT NULL,
    installed_at timestamp with time zone NOT NULL
);
-- Embedded authorization server: signing keys (JWK JSON, private part included: protect the database).
CREATE TABLE IF NOT EXISTS ket_signing_key (
    kid varchar(100) NOT NULL PRIMARY KEY,
    jwk {{TEXT}} NOT NULL,
    created timestamp with time zone NOT NULL
);
-- The clinic's users.
CREATE TABLE IF NOT EXISTS ket_user (
    username varchar(200) NOT NULL PRIMARY KEY,
    password varchar(500) NOT NULL,
    fhir_user varchar(200),
    roles varchar(1000) NOT NULL,
    allowed_scopes {{TEXT}} NOT NULL,
    enabled boolean NOT NULL,
    created timestamp with time zone NOT NULL
);
-- Backend-service assertions already used (SMART: a jti is accepted once).
CREATE TABLE IF NOT EXISTS ket_client_assertion (
    client_id varchar(200) NOT NULL,
    jti varchar(256) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    PRIMARY KEY (client_id, jti)
);
-- Refresh tokens already exchanged (each is good for one exchange, also with two servers racing).
CREATE TABLE IF NOT EXISTS ket_used_refresh_token (
    token_hash varchar(64) NOT NULL PRIMARY KEY,
    used_at timestamp with time zone NOT NULL
);
-- EHR launch contexts: a launch id stands for a patient chosen in the EHR.
CREATE TABLE IF NOT EXISTS ket_launch_context (
    launch_id varchar(100) NOT NULL PRIMARY KEY,
    patient varchar(200) NOT NULL,
    created_by varchar(200) NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

-- Spring Authorization Server's tables (its own schema, with text for blob and time zones on timestamps).
CREATE TABLE IF NOT EXISTS oauth2_registered_client (
    id varchar(100) NOT NULL PRIMARY KEY,
    client_id varchar(100) NOT NULL,
    client_id_issued_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_secret varchar(200) DEFAULT NULL,
    client_secret_expires_at timestamp with time zone DEFAULT NULL,
    client_name varchar(200) NOT NULL,
    client_authentication_methods varchar(1000) NOT NULL,
    authorization_grant_types varchar(1000) NOT NULL,
    redirect_uris varchar(1000) DEFAULT NULL,
    post_logout_redirect_uris varchar(1000) DEFAULT NULL,
    scopes varchar(4000) NOT NULL,
    client_settings {{TEXT}} NOT NULL,
    token_settings varchar(2000) NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS oauth2_registered_client_client_id ON oauth2_registered_client (client_id);
CREATE TABLE IF NOT EXISTS oauth2_authorization (
    id varchar(100) NOT NULL PRIMARY KEY,
    registered_client_id varchar(100) NOT NULL,
    principal_name varchar(200) NOT NULL,
    authorization_grant_type varchar(100) NOT NULL,
    authorized_scopes varchar(4000) DEFAULT NULL,
    attributes {{TEXT}} DEFAULT NULL,
    state varchar(500) DEFAULT NULL,
    authorization_code_value {{TEXT}} DEFAULT NULL,
    authorization_code_issued_at timestamp with time zone DEFAULT NULL,
    authorization_code_expires_at timestamp with time zone DEFAULT NULL,
    authorization_code_metadata {{TEXT}} DEFAULT NULL,
    access_token_value {{TEXT}} DEFAULT NULL,
    access_token_issued_at timestamp with time zone DEFAULT NULL,
    access_token_expires_at timestamp with time zone DEFAULT NULL,
    access_token_metadata {{TEXT}} DEFAULT NULL,
    access_token_type varchar(100) DEFAULT NULL,
    access_token_scopes varchar(4000) DEFAULT NULL,
    oidc_id_token_value {{TEXT}} DEFAULT NULL,
    oidc_id_token_issued_at timestamp with time zone DEFAULT NULL,
    oidc_id_token_expires_at timestamp with time zone DEFAULT NULL,
    oidc_id_token_metadata {{TEXT}} DEFAULT NULL,
    refresh_token_value {{TEXT}} DEFAULT NULL,
    refresh_token_issued_at timestamp with time zone DEFAULT NULL,
    refresh_token_expires_at timestamp with time zone DEFAULT NULL,
    refresh_token_metadata {{TEXT}} DEFAULT NULL,
    user_code_value {{TEXT}} DEFAULT NULL,
    user_code_issued_at timestamp with time zone DEFAULT NULL,
    user_code_expires_at timestamp with time zone DEFAULT NULL,
    user_code_metadata {{TEXT}} DEFAULT NULL,
    device_code_value {{TEXT}} DEFAULT NULL,
    device_code_issued_at timestamp with time zone DEFAULT NULL,
    device_code_expires_at timestamp with time zone DEFAULT NULL,
    device_code_metadata {{TEXT}} DEFAULT NULL
);
CREATE TABLE IF NOT EXISTS oauth2_authorization_consent (
    registered_client_id varchar(100) NOT NULL,
    principal_name varchar(200) NOT NULL,
    authorities varchar(4000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);
-- CDS Hooks client JWTs already used (a jti is accepted once per issuer, on every server of a cluster).
CREATE TABLE IF NOT EXISTS ket_cds_client_jwt (
    issuer varchar(500) NOT NULL,
    jti varchar(256) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    PRIMARY KEY (issuer, jti)
);
-- Subscription notifications a receiver failed to take, kept until delivered (or until the configured give-up time):
-- the delivery message as HAPI built it, how often it was tried, and when it is tried next.
CREATE TABLE IF NOT EXISTS ket_subscription_redelivery (
    id varchar(64) NOT NULL PRIMARY KEY,
    subscription_id varchar(200) NOT NULL,
    message {{TEXT}} NOT NULL,
    attempts integer NOT NULL,
    first_failed timestamp with time zone NOT NULL,
    next_attempt timestamp with time zone NOT NULL,
    state varchar(16) NOT NULL,
    last_error varchar(2000)
);
CREATE INDEX IF NOT EXISTS ket_subscription_redelivery_due ON ket_subscription_redelivery (state, next_attempt);
