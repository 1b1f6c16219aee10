-- Peer casework, after HURIDOCS' events format: case -> events -> acts -> involvements,
-- with consents, a services directory, referrals, assessments and an audit trail.
-- Her label, free text, contacts and assessments are ciphertext (BYTEA). Vocabulary terms
-- are slugs; event dates are 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' as remembered; days are
-- DATE.

CREATE TABLE cases (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org        BIGINT NOT NULL REFERENCES organisations (id),
    person     BYTEA    NOT NULL,
    -- Only if she asked for her case to be linked to her account.
    member     BIGINT,
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('open', 'closed')),
    UNIQUE (org, id),
    FOREIGN KEY (org, member) REFERENCES members (org, id),
    FOREIGN KEY (org, created_by) REFERENCES members (org, id)
);

CREATE INDEX cases_by_org ON cases (org, created_at);

CREATE TABLE case_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org          BIGINT NOT NULL,
    case_id      BIGINT NOT NULL,
    what         BYTEA    NOT NULL,
    started      TEXT    NOT NULL,
    ended        TEXT,
    -- 'YYYY-MM' (or 'YYYY') of the start: what statistics group by.
    period       TEXT    NOT NULL,
    area         BIGINT,
    confidential BOOLEAN NOT NULL,
    FOREIGN KEY (org, case_id) REFERENCES cases (org, id),
    FOREIGN KEY (org, area) REFERENCES areas (org, id)
);

CREATE INDEX case_events_by_case ON case_events (case_id);

CREATE TABLE case_acts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event        BIGINT NOT NULL REFERENCES case_events (id),
    -- Copied from the event so statistics read one table.
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    position     BIGINT NOT NULL,
    act_type     TEXT    NOT NULL,
    consequences BYTEA    NOT NULL,
    measure      TEXT,
    p4           TEXT,
    CHECK ((measure IS NULL) = (p4 IS NULL))
);

CREATE INDEX case_acts_by_event ON case_acts (event, position);
CREATE INDEX case_acts_by_case ON case_acts (case_id);

CREATE TABLE case_involvements (
    act         BIGINT NOT NULL REFERENCES case_acts (id),
    position    BIGINT NOT NULL,
    perpetrator TEXT    NOT NULL,
    degree      TEXT    NOT NULL,
    PRIMARY KEY (act, position)
);

CREATE TABLE case_consents (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    purpose      TEXT    NOT NULL,
    -- The named service or partner, for referral and partner purposes.
    recipient    TEXT,
    given_on     DATE    NOT NULL,
    recorded_by  BIGINT NOT NULL REFERENCES members (id),
    method       TEXT    NOT NULL,
    withdrawn_on DATE,
    notes        BYTEA    NOT NULL
);

CREATE INDEX case_consents_by_case ON case_consents (case_id);
CREATE INDEX case_consents_by_purpose ON case_consents (purpose, case_id);

CREATE TABLE services (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org      BIGINT NOT NULL REFERENCES organisations (id),
    name     TEXT    NOT NULL,
    category TEXT    NOT NULL,
    contact  BYTEA    NOT NULL,
    UNIQUE (org, name),
    UNIQUE (org, id)
);

CREATE TABLE referrals (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org          BIGINT NOT NULL,
    case_id      BIGINT NOT NULL,
    service      BIGINT NOT NULL,
    status       TEXT    NOT NULL,
    response     BYTEA,
    outcome      BYTEA,
    follow_up_on DATE,
    made_by      BIGINT NOT NULL REFERENCES members (id),
    made_at      BIGINT NOT NULL,
    changed_at   BIGINT NOT NULL,
    FOREIGN KEY (org, case_id) REFERENCES cases (org, id),
    FOREIGN KEY (org, service) REFERENCES services (org, id)
);

CREATE INDEX referrals_by_case ON referrals (case_id);
CREATE INDEX referrals_by_follow_up ON referrals (org, follow_up_on)
    WHERE status NOT IN ('declined', 'completed');

CREATE TABLE case_assessments (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id),
    sealed  BYTEA    NOT NULL,
    by_member BIGINT NOT NULL REFERENCES members (id),
    at      BIGINT NOT NULL
);

-- Who opened or changed which case, and when. Never what it holds.
CREATE TABLE case_audit (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    member  BIGINT NOT NULL REFERENCES members (id),
    action  TEXT    NOT NULL CHECK (action = 'viewed' OR action LIKE 'changed:%'),
    at      BIGINT NOT NULL
);

CREATE INDEX case_audit_by_case ON case_audit (case_id, id);

-- The organisation's suppression threshold for statistics (default 5 when absent).
CREATE TABLE statistics_settings (
    org       BIGINT PRIMARY KEY REFERENCES organisations (id),
    threshold BIGINT NOT NULL CHECK (threshold >= 3)
);
