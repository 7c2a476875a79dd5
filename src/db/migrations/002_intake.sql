-- Intake: programmes, cohorts, recruitment campaigns, applications, the
-- selection pipeline, scoring, imports, the outbox and ESCO occupations.
-- Times are Unix seconds (UTC); dates are 'YYYY-MM-DD' (Europe/Amsterdam).

-- A programme the region runs (Zorgrunners, WelSlagen, ...).
CREATE TABLE programmes (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('flexpool', 'lateral_entry', 'pre_track', 'orientation', 'accelerated')),
    description TEXT,
    owner_org   INTEGER NOT NULL REFERENCES orgs(id),
    min_age     INTEGER,            -- at the cohort's start, or NULL
    max_age     INTEGER,
    created_at  INTEGER NOT NULL,
    archived_at INTEGER
);

-- The organisations taking part and their part in it.
CREATE TABLE programme_partners (
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    part         TEXT NOT NULL CHECK (part IN ('employer', 'school', 'referrer', 'funder', 'adviser', 'coordinator')),
    note         TEXT,
    PRIMARY KEY (programme_id, org_id)
);
CREATE INDEX programme_partners_org ON programme_partners(org_id);

CREATE TABLE programme_phases (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    weeks        INTEGER,
    UNIQUE (programme_id, position)
);

-- What a programme aims for: "at least 75 % continue into BBL".
CREATE TABLE programme_targets (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    metric       TEXT NOT NULL CHECK (metric IN ('applicants', 'selected', 'capacity', 'continue_pct', 'retention_pct', 'other')),
    value        REAL NOT NULL,
    description  TEXT NOT NULL
);

-- One run of a programme.
CREATE TABLE cohorts (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity >= 0),
    created_at   INTEGER NOT NULL,
    UNIQUE (programme_id, name)
);

-- Places per partner in a cohort (WelSlagen: 24 over Laurens, ...).
CREATE TABLE cohort_places (
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    places    INTEGER NOT NULL CHECK (places >= 0),
    PRIMARY KEY (cohort_id, org_id)
);

-- A recruitment campaign of a cohort, with its public page /apply/SLUG.
-- Past `cap` applications new applicants go on the waiting list.
CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY,
    cohort_id       INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    slug            TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    intro_nl        TEXT,
    intro_en        TEXT,
    opens_at        INTEGER NOT NULL,
    closes_at       INTEGER NOT NULL CHECK (closes_at > opens_at),
    target          INTEGER NOT NULL CHECK (target >= 0),
    cap             INTEGER NOT NULL CHECK (cap >= 0),
    retention_weeks INTEGER NOT NULL DEFAULT 4 CHECK (retention_weeks >= 0),
    reject_message_nl TEXT,
    reject_message_en TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX campaigns_cohort ON campaigns(cohort_id);

-- The pipeline of a campaign. `kind` says what a stage means to the rules:
-- open (still in play), selected, waitlist, rejected, withdrawn.
CREATE TABLE campaign_stages (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    key         TEXT NOT NULL,
    name_nl     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('open', 'selected', 'waitlist', 'rejected', 'withdrawn')),
    UNIQUE (campaign_id, key),
    UNIQUE (campaign_id, position)
);

-- A CSV import of applicants (upload or command line).
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users(id),
    file_name   TEXT,
    file_hash   BLOB NOT NULL,
    rows        INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    at          INTEGER NOT NULL
);

-- One person's application to one campaign. The person record holds the
-- contact details; what only matters to this application is here.
CREATE TABLE applications (
    id                INTEGER PRIMARY KEY,
    campaign_id       INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    person_id         INTEGER REFERENCES people(id) ON DELETE SET NULL,
    stage_id          INTEGER NOT NULL REFERENCES campaign_stages(id),
    status_token_hash BLOB NOT NULL UNIQUE,   -- BLAKE2b of the 128-bit token in the status link
    waitlisted        INTEGER NOT NULL DEFAULT 0, -- put on the waiting list by the cap on arrival
    current_study     TEXT,
    prior_occupation  TEXT,                   -- ESCO conceptUri
    prior_occupation_label TEXT,
    hobbies           TEXT,
    languages         TEXT,                   -- comma-separated ISO 639-1 codes
    avail_days        INTEGER NOT NULL DEFAULT 0, -- bit 0 Monday .. bit 6 Sunday
    avail_parts       INTEGER NOT NULL DEFAULT 0, -- bit 0 morning, 1 afternoon, 2 evening, 3 night
    avail_hours       INTEGER,                -- hours per week
    avail_from        TEXT,
    avail_until       TEXT,
    motivation        TEXT,
    consent_at        INTEGER NOT NULL,
    consent_keep      INTEGER NOT NULL DEFAULT 0, -- may be kept a year for later campaigns
    source            TEXT NOT NULL DEFAULT 'direct' CHECK (source IN ('direct', 'utm', 'jobcoach', 'via_via', 'import')),
    utm_source        TEXT,
    utm_medium        TEXT,
    utm_campaign      TEXT,
    referrer_user_id  INTEGER REFERENCES users(id),
    duplicate_of      INTEGER REFERENCES people(id) ON DELETE SET NULL, -- an existing person who looks the same
    duplicate_reason  TEXT CHECK (duplicate_reason IN ('email', 'phone', 'name_birth')),
    import_id         INTEGER REFERENCES imports(id),
    import_key        TEXT,                   -- identity of the row in its file, so a second import adds nothing
    lang              TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'en')),
    created_at        INTEGER NOT NULL,
    stage_at          INTEGER NOT NULL,       -- when it entered its current stage
    erased_at         INTEGER,
    UNIQUE (campaign_id, import_key)
);
CREATE INDEX applications_campaign_stage ON applications(campaign_id, stage_id);
CREATE INDEX applications_person ON applications(person_id);

-- Every move through the pipeline: who, when, why.
CREATE TABLE application_moves (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    from_stage     INTEGER REFERENCES campaign_stages(id),
    to_stage       INTEGER NOT NULL REFERENCES campaign_stages(id),
    user_id        INTEGER REFERENCES users(id),
    at             INTEGER NOT NULL,
    reason         TEXT
);
CREATE INDEX application_moves_app ON application_moves(application_id, at);

-- The scoring rubric of a campaign and the reviewers' scores (1..5).
CREATE TABLE rubric_criteria (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    weight      REAL NOT NULL CHECK (weight > 0),
    UNIQUE (campaign_id, position)
);

CREATE TABLE scores (
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    criterion_id   INTEGER NOT NULL REFERENCES rubric_criteria(id) ON DELETE CASCADE,
    reviewer_id    INTEGER NOT NULL REFERENCES users(id),
    score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    at             INTEGER NOT NULL,
    PRIMARY KEY (application_id, criterion_id, reviewer_id)
);

-- Mail waiting to go out, and what became of it.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    to_addr     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    kind        TEXT NOT NULL,       -- 'application_received', 'rejected', ...
    entity      TEXT,
    entity_id   INTEGER,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    next_try_at INTEGER NOT NULL
);
CREATE INDEX outbox_pending ON outbox(sent_at, next_try_at);

-- Submissions of the public form per address, for the rate limit.
CREATE TABLE apply_attempts (
    id INTEGER PRIMARY KEY,
    ip TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX apply_attempts_ip ON apply_attempts(ip, at);

-- ESCO occupations (Dutch labels), loaded from the ESCO CSV export.
CREATE TABLE esco_occupations (
    uri        TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    alt_labels TEXT,
    isco_group TEXT
);
CREATE INDEX esco_occupations_label ON esco_occupations(label COLLATE NOCASE);

-- When a daily job last ran (retention, outbox).
CREATE TABLE job_runs (
    name    TEXT PRIMARY KEY,
    last_at INTEGER NOT NULL,
    detail  TEXT
);
