-- Peer casework, after HURIDOCS' events format: case -> events -> acts -> involvements,
-- with consents, a services directory, referrals, assessments and an audit trail.
-- Her label, free text, contacts and assessments are ciphertext (BLOB). Vocabulary terms
-- are slugs; event dates are 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' as remembered; days are
-- 'YYYY-MM-DD'.

CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    org        INTEGER NOT NULL REFERENCES organisations (id),
    person     BLOB    NOT NULL,
    -- Only if she asked for her case to be linked to her account.
    member     INTEGER,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('open', 'closed')),
    UNIQUE (org, id),
    FOREIGN KEY (org, member) REFERENCES members (org, id),
    FOREIGN KEY (org, created_by) REFERENCES members (org, id)
) STRICT;

CREATE INDEX cases_by_org ON cases (org, created_at);

CREATE TABLE case_events (
    id           INTEGER PRIMARY KEY,
    org          INTEGER NOT NULL,
    case_id      INTEGER NOT NULL,
    what         BLOB    NOT NULL,
    started      TEXT    NOT NULL,
    ended        TEXT,
    -- 'YYYY-MM' (or 'YYYY') of the start: what statistics group by.
    period       TEXT    NOT NULL,
    area         INTEGER,
    confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
    FOREIGN KEY (org, case_id) REFERENCES cases (org, id),
    FOREIGN KEY (org, area) REFERENCES areas (org, id)
) STRICT;

CREATE INDEX case_events_by_case ON case_events (case_id);

CREATE TABLE case_acts (
    id           INTEGER PRIMARY KEY,
    event        INTEGER NOT NULL REFERENCES case_events (id),
    -- Copied from the event so statistics read one table.
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    position     INTEGER NOT NULL,
    act_type     TEXT    NOT NULL,
    consequences BLOB    NOT NULL,
    measure      TEXT,
    p4           TEXT,
    CHECK ((measure IS NULL) = (p4 IS NULL))
) STRICT;

CREATE INDEX case_acts_by_event ON case_acts (event, position);
CREATE INDEX case_acts_by_case ON case_acts (case_id);

CREATE TABLE case_involvements (
    act         INTEGER NOT NULL REFERENCES case_acts (id),
    position    INTEGER NOT NULL,
    perpetrator TEXT    NOT NULL,
    degree      TEXT    NOT NULL,
    PRIMARY KEY (act, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE case_consents (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    purpose      TEXT    NOT NULL,
    -- The named service or partner, for referral and partner purposes.
    recipient    TEXT,
    given_on     TEXT    NOT NULL CHECK (given_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_by  INTEGER NOT NULL REFERENCES members (id),
    method       TEXT    NOT NULL,
    withdrawn_on TEXT CHECK (withdrawn_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    notes        BLOB    NOT NULL
) STRICT;

CREATE INDEX case_consents_by_case ON case_consents (case_id);
CREATE INDEX case_consents_by_purpose ON case_consents (purpose, case_id);

CREATE TABLE services (
    id       INTEGER PRIMARY KEY,
    org      INTEGER NOT NULL REFERENCES organisations (id),
    name     TEXT    NOT NULL,
    category TEXT    NOT NULL,
    contact  BLOB    NOT NULL,
    UNIQUE (org, name),
    UNIQUE (org, id)
) STRICT;

CREATE TABLE referrals (
    id           INTEGER PRIMARY KEY,
    org          INTEGER NOT NULL,
    case_id      INTEGER NOT NULL,
    service      INTEGER NOT NULL,
    status       TEXT    NOT NULL,
    response     BLOB,
    outcome      BLOB,
    follow_up_on TEXT CHECK (follow_up_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    made_by      INTEGER NOT NULL REFERENCES members (id),
    made_at      INTEGER NOT NULL,
    changed_at   INTEGER NOT NULL,
    FOREIGN KEY (org, case_id) REFERENCES cases (org, id),
    FOREIGN KEY (org, service) REFERENCES services (org, id)
) STRICT;

CREATE INDEX referrals_by_case ON referrals (case_id);
CREATE INDEX referrals_by_follow_up ON referrals (org, follow_up_on)
    WHERE status NOT IN ('declined', 'completed');

CREATE TABLE case_assessments (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    sealed  BLOB    NOT NULL,
    by_member INTEGER NOT NULL REFERENCES members (id),
    at      INTEGER NOT NULL
) STRICT;

-- Who opened or changed which case, and when. Never what it holds.
CREATE TABLE case_audit (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    member  INTEGER NOT NULL REFERENCES members (id),
    action  TEXT    NOT NULL CHECK (action = 'viewed' OR action GLOB 'changed:*'),
    at      INTEGER NOT NULL
) STRICT;

CREATE INDEX case_audit_by_case ON case_audit (case_id, id);

-- The organisation's suppression threshold for statistics (default 5 when absent).
CREATE TABLE statistics_settings (
    org       INTEGER PRIMARY KEY REFERENCES organisations (id),
    threshold INTEGER NOT NULL CHECK (threshold >= 3)
) STRICT;
