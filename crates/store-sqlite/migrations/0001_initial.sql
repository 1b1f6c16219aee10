-- Parasol's SQLite schema, first version. Personal content is ciphertext (BLOB) and
-- client identifiers are 16-byte keyed tags: nothing here is readable without the keys.
-- Instants are unix seconds (INTEGER); days are 'YYYY-MM-DD' (TEXT).

CREATE TABLE organisations (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    region           TEXT    NOT NULL,
    wrapped_data_key BLOB    NOT NULL,
    wrapped_oprf_key BLOB    NOT NULL,
    alert_days       INTEGER NOT NULL CHECK (alert_days > 0),
    red_alert_days   INTEGER NOT NULL CHECK (red_alert_days > 0),
    created_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE areas (
    id   INTEGER PRIMARY KEY,
    org  INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT    NOT NULL,
    UNIQUE (org, name),
    -- Lets reports, alerts and subscriptions refer to an area *of their organisation*.
    UNIQUE (org, id)
) STRICT;

CREATE TABLE members (
    id              INTEGER PRIMARY KEY,
    org             INTEGER NOT NULL REFERENCES organisations (id),
    handle          TEXT    NOT NULL,
    role            TEXT    NOT NULL CHECK (role IN ('member', 'peer_worker', 'coordinator')),
    passphrase_hash TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (org, handle),
    UNIQUE (org, id)
) STRICT;

CREATE TABLE invites (
    code_hash  BLOB    PRIMARY KEY,
    org        INTEGER NOT NULL REFERENCES organisations (id),
    role       TEXT    NOT NULL CHECK (role IN ('member', 'peer_worker', 'coordinator')),
    created_by INTEGER REFERENCES members (id),
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    used_by    INTEGER REFERENCES members (id)
) STRICT, WITHOUT ROWID;

CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,
    member     INTEGER NOT NULL REFERENCES members (id),
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX sessions_by_member ON sessions (member);

CREATE TABLE reports (
    id                          INTEGER PRIMARY KEY,
    org                         INTEGER NOT NULL,
    reporter                    INTEGER NOT NULL,
    area                        INTEGER NOT NULL,
    -- Comma-separated incident kind slugs, e.g. 'refused_payment,threats'.
    kinds                       TEXT    NOT NULL,
    occurred_on                 TEXT    NOT NULL
        CHECK (occurred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    narrative                   BLOB    NOT NULL,
    description                 BLOB    NOT NULL,
    consent_publish_alert       INTEGER NOT NULL CHECK (consent_publish_alert IN (0, 1)),
    consent_police_anonymous    INTEGER NOT NULL CHECK (consent_police_anonymous IN (0, 1)),
    consent_police_with_contact INTEGER NOT NULL CHECK (consent_police_with_contact IN (0, 1)),
    consent_support_contact     INTEGER NOT NULL CHECK (consent_support_contact IN (0, 1)),
    status                      TEXT    NOT NULL
        CHECK (status IN ('pending', 'published', 'rejected', 'retracted')),
    submitted_at                INTEGER NOT NULL,
    -- The verification decision (publish or reject).
    decided_by                  INTEGER,
    decided_at                  INTEGER,
    -- The withdrawal, kept apart so the verification decision is not overwritten.
    retracted_by                INTEGER,
    retracted_at                INTEGER,
    FOREIGN KEY (org, reporter) REFERENCES members (org, id),
    FOREIGN KEY (org, area) REFERENCES areas (org, id),
    FOREIGN KEY (org, decided_by) REFERENCES members (org, id),
    FOREIGN KEY (org, retracted_by) REFERENCES members (org, id)
) STRICT;

CREATE INDEX reports_by_status ON reports (org, status, submitted_at);
CREATE INDEX reports_by_reporter ON reports (reporter, submitted_at);

-- The organisation is copied here so screening is one lookup in report_identifiers_by_tag.
CREATE TABLE report_identifiers (
    report   INTEGER NOT NULL REFERENCES reports (id),
    org      INTEGER NOT NULL,
    -- Order as submitted, for showing them back.
    position INTEGER NOT NULL,
    kind     TEXT    NOT NULL CHECK (kind IN ('phone', 'email', 'handle', 'plate')),
    tag      BLOB    NOT NULL CHECK (length(tag) = 16),
    PRIMARY KEY (report, tag)
) STRICT, WITHOUT ROWID;

CREATE INDEX report_identifiers_by_tag ON report_identifiers (org, tag);

CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY,
    report       INTEGER NOT NULL UNIQUE REFERENCES reports (id),
    org          INTEGER NOT NULL,
    area         INTEGER NOT NULL,
    kinds        TEXT    NOT NULL,
    text         BLOB    NOT NULL,
    published_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    retracted_at INTEGER,
    FOREIGN KEY (org, area) REFERENCES areas (org, id)
) STRICT;

CREATE INDEX alerts_by_publication ON alerts (org, published_at);

CREATE TABLE subscriptions (
    member INTEGER NOT NULL REFERENCES members (id),
    area   INTEGER NOT NULL REFERENCES areas (id),
    email  BLOB    NOT NULL,
    PRIMARY KEY (member, area)
) STRICT, WITHOUT ROWID;

CREATE INDEX subscriptions_by_area ON subscriptions (area);

CREATE TABLE mail_queue (
    id              INTEGER PRIMARY KEY,
    alert           INTEGER NOT NULL REFERENCES alerts (id),
    member          INTEGER NOT NULL REFERENCES members (id),
    area            INTEGER NOT NULL REFERENCES areas (id),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER
) STRICT;

CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX mail_queue_by_subscription ON mail_queue (member, area) WHERE sent_at IS NULL;
CREATE INDEX mail_queue_by_alert ON mail_queue (alert) WHERE sent_at IS NULL;

CREATE TABLE counters (
    org   INTEGER NOT NULL REFERENCES organisations (id),
    name  TEXT    NOT NULL,
    day   TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    value INTEGER NOT NULL,
    PRIMARY KEY (org, name, day)
) STRICT, WITHOUT ROWID;
