-- Parasol's PostgreSQL schema, first version. Personal content is ciphertext (BYTEA) and
-- client identifiers are 16-byte keyed tags: nothing here is readable without the keys.
-- Instants are unix seconds (BIGINT); days are DATE.

CREATE TABLE organisations (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             TEXT   NOT NULL,
    region           TEXT   NOT NULL,
    wrapped_data_key BYTEA  NOT NULL,
    wrapped_oprf_key BYTEA  NOT NULL,
    alert_days       BIGINT NOT NULL CHECK (alert_days > 0),
    red_alert_days   BIGINT NOT NULL CHECK (red_alert_days > 0),
    created_at       BIGINT NOT NULL
);

CREATE TABLE areas (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org  BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT   NOT NULL,
    UNIQUE (org, name),
    -- Lets reports, alerts and subscriptions refer to an area *of their organisation*.
    UNIQUE (org, id)
);

CREATE TABLE members (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org             BIGINT NOT NULL REFERENCES organisations (id),
    handle          TEXT   NOT NULL,
    role            TEXT   NOT NULL CHECK (role IN ('member', 'peer_worker', 'coordinator')),
    passphrase_hash TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (org, handle),
    UNIQUE (org, id)
);

CREATE TABLE invites (
    code_hash  BYTEA  PRIMARY KEY,
    org        BIGINT NOT NULL REFERENCES organisations (id),
    role       TEXT   NOT NULL CHECK (role IN ('member', 'peer_worker', 'coordinator')),
    created_by BIGINT REFERENCES members (id),
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    used_by    BIGINT REFERENCES members (id)
);

CREATE TABLE sessions (
    token_hash BYTEA  PRIMARY KEY,
    member     BIGINT NOT NULL REFERENCES members (id),
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_by_member ON sessions (member);

CREATE TABLE reports (
    id                          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org                         BIGINT  NOT NULL,
    reporter                    BIGINT  NOT NULL,
    area                        BIGINT  NOT NULL,
    -- Comma-separated incident kind slugs, e.g. 'refused_payment,threats'.
    kinds                       TEXT    NOT NULL,
    occurred_on                 DATE    NOT NULL,
    narrative                   BYTEA   NOT NULL,
    description                 BYTEA   NOT NULL,
    consent_publish_alert       BOOLEAN NOT NULL,
    consent_police_anonymous    BOOLEAN NOT NULL,
    consent_police_with_contact BOOLEAN NOT NULL,
    consent_support_contact     BOOLEAN NOT NULL,
    status                      TEXT    NOT NULL
        CHECK (status IN ('pending', 'published', 'rejected', 'retracted')),
    submitted_at                BIGINT  NOT NULL,
    -- The verification decision (publish or reject).
    decided_by                  BIGINT,
    decided_at                  BIGINT,
    -- The withdrawal, kept apart so the verification decision is not overwritten.
    retracted_by                BIGINT,
    retracted_at                BIGINT,
    FOREIGN KEY (org, reporter) REFERENCES members (org, id),
    FOREIGN KEY (org, area) REFERENCES areas (org, id),
    FOREIGN KEY (org, decided_by) REFERENCES members (org, id),
    FOREIGN KEY (org, retracted_by) REFERENCES members (org, id)
);

CREATE INDEX reports_by_status ON reports (org, status, submitted_at);
CREATE INDEX reports_by_reporter ON reports (reporter, submitted_at);

-- The organisation is copied here so screening is one lookup in report_identifiers_by_tag.
CREATE TABLE report_identifiers (
    report   BIGINT   NOT NULL REFERENCES reports (id),
    org      BIGINT   NOT NULL,
    -- Order as submitted, for showing them back.
    position INTEGER  NOT NULL,
    kind     TEXT     NOT NULL CHECK (kind IN ('phone', 'email', 'handle', 'plate')),
    tag      BYTEA    NOT NULL CHECK (octet_length(tag) = 16),
    PRIMARY KEY (report, tag)
);

CREATE INDEX report_identifiers_by_tag ON report_identifiers (org, tag) INCLUDE (report);

CREATE TABLE alerts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report       BIGINT NOT NULL UNIQUE REFERENCES reports (id),
    org          BIGINT NOT NULL,
    area         BIGINT NOT NULL,
    kinds        TEXT   NOT NULL,
    text         BYTEA  NOT NULL,
    published_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    retracted_at BIGINT,
    FOREIGN KEY (org, area) REFERENCES areas (org, id)
);

CREATE INDEX alerts_by_publication ON alerts (org, published_at);

CREATE TABLE subscriptions (
    member BIGINT NOT NULL REFERENCES members (id),
    area   BIGINT NOT NULL REFERENCES areas (id),
    email  BYTEA  NOT NULL,
    PRIMARY KEY (member, area)
);

CREATE INDEX subscriptions_by_area ON subscriptions (area);

CREATE TABLE mail_queue (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert           BIGINT NOT NULL REFERENCES alerts (id),
    member          BIGINT NOT NULL REFERENCES members (id),
    area            BIGINT NOT NULL REFERENCES areas (id),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at         BIGINT
);

CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX mail_queue_by_subscription ON mail_queue (member, area) WHERE sent_at IS NULL;
CREATE INDEX mail_queue_by_alert ON mail_queue (alert) WHERE sent_at IS NULL;

CREATE TABLE counters (
    org   BIGINT NOT NULL REFERENCES organisations (id),
    name  TEXT   NOT NULL,
    day   DATE   NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (org, name, day)
);
