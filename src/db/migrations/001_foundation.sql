-- Foundation: organisations, people, users and their roles, sessions, API
-- tokens, login throttling and the audit log. Times are Unix seconds (UTC).

CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('care', 'school', 'municipality', 'uwv', 'regional', 'advisory')),
    region      TEXT NOT NULL,
    city        TEXT,
    website     TEXT,
    created_at  INTEGER NOT NULL,
    archived_at INTEGER
);

-- A person the programmes work with: applicant, participant, employee.
-- benefit_status is sensitive: only jobcoaches and coordinators see it.
CREATE TABLE people (
    id             INTEGER PRIMARY KEY,
    given_name     TEXT NOT NULL,
    family_name    TEXT NOT NULL,
    email          TEXT,
    phone          TEXT,
    birth_date     TEXT,
    postcode       TEXT,
    benefit_status TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX people_email ON people(email);

-- How a person is connected to an organisation. A care organisation sees a
-- person only through such a link (for example when the person is placed there).
CREATE TABLE person_orgs (
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    relation   TEXT NOT NULL CHECK (relation IN ('employee', 'placed', 'student', 'client', 'applicant')),
    since      INTEGER NOT NULL,
    PRIMARY KEY (person_id, org_id, relation)
);
CREATE INDEX person_orgs_org ON person_orgs(org_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'en')),
    person_id     INTEGER REFERENCES people(id),
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

-- A user's roles, each in an organisation (participants have none).
CREATE TABLE memberships (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id  INTEGER REFERENCES orgs(id),
    role    TEXT NOT NULL CHECK (role IN ('coordinator', 'recruiter', 'supervisor', 'trainer',
                                          'jobcoach', 'mentor', 'participant')),
    UNIQUE (user_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships(org_id);

-- Sessions: only the hash of the cookie's token is stored.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ip           TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

CREATE TABLE login_attempts (
    id    INTEGER PRIMARY KEY,
    at    INTEGER NOT NULL,
    email TEXT NOT NULL COLLATE NOCASE,
    ip    TEXT NOT NULL,
    ok    INTEGER NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts(email, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

-- Who did what to which record, when and from where. Never updated; kept
-- without foreign keys so that it outlives what it describes.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    user_id    INTEGER,
    action     TEXT NOT NULL,
    entity     TEXT,
    entity_id  INTEGER,
    org_id     INTEGER,
    outcome    TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
    ip         TEXT,
    request_id TEXT,
    detail     TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
