-- Deployment (issue 6): shifts posted by care organisations, the
-- availability, preferences and documents of the people who work them,
-- plans (engine proposals and repairs), the published roster, claims,
-- cancellations, worked hours and personal calendar feeds.
-- Times are Unix seconds (UTC); dates are 'YYYY-MM-DD' (Europe/Amsterdam).
-- Access: POLICY_DEPLOY_* in auth/policy.h.

-- Where an organisation's shifts are worked.
CREATE TABLE deploy_locations (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    address    TEXT,
    postcode   TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, name)
);

-- A posted shift: headcount places at a location, from starts_at to
-- ends_at. Shifts posted as one pattern share a batch (the first shift's id).
-- A cancelled shift keeps its row (cancelled_at) for the hours and history.
CREATE TABLE deploy_shifts (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    location_id   INTEGER NOT NULL REFERENCES deploy_locations(id),
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL CHECK (ends_at > starts_at AND ends_at - starts_at <= 86400),
    tasks         TEXT,
    headcount     INTEGER NOT NULL CHECK (headcount BETWEEN 1 AND 100),
    priority      TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
    batch         INTEGER,
    published_at  INTEGER,                 -- first published in a roster: then open places may be claimed
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    cancelled_at  INTEGER,
    cancelled_by  INTEGER REFERENCES users(id),
    cancel_reason TEXT
);
CREATE INDEX deploy_shifts_org ON deploy_shifts(org_id, starts_at);
CREATE INDEX deploy_shifts_time ON deploy_shifts(starts_at);

-- The skills every person on the shift must have.
CREATE TABLE deploy_shift_skills (
    shift_id INTEGER NOT NULL REFERENCES deploy_shifts(id) ON DELETE CASCADE,
    skill_id INTEGER NOT NULL REFERENCES skills(id),
    PRIMARY KEY (shift_id, skill_id)
);

-- A person who can be deployed ("runner"): limits and preferences.
-- max_week_hours and travel_km NULL: no limit of their own.
CREATE TABLE deploy_profiles (
    person_id      INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    max_week_hours INTEGER CHECK (max_week_hours BETWEEN 1 AND 60),
    travel_km      INTEGER CHECK (travel_km BETWEEN 1 AND 500),
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- The weekly pattern: on weekday (0 Monday .. 6 Sunday) from from_min to
-- to_min minutes after midnight (to_min may pass 1440 into the next day).
CREATE TABLE deploy_availability (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    from_min  INTEGER NOT NULL CHECK (from_min BETWEEN 0 AND 1439),
    to_min    INTEGER NOT NULL CHECK (to_min > from_min AND to_min <= 2880)
);
CREATE INDEX deploy_availability_person ON deploy_availability(person_id);

-- Days the person cannot work although the pattern says so (exam weeks,
-- holidays), from_date up to and including to_date.
CREATE TABLE deploy_exceptions (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    from_date TEXT NOT NULL,
    to_date   TEXT NOT NULL CHECK (to_date >= from_date),
    reason    TEXT
);
CREATE INDEX deploy_exceptions_person ON deploy_exceptions(person_id);

-- Preferred organisations and locations (none: no preference).
CREATE TABLE deploy_pref_orgs (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (person_id, org_id)
);
CREATE TABLE deploy_pref_locations (
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    location_id INTEGER NOT NULL REFERENCES deploy_locations(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, location_id)
);

-- Documents required before deployment. vog: issued_on at most 3 months
-- before the person's first shift; identity: checked (expires_on: the
-- document's expiry); contract: signed (expires_on: its end). One current
-- row per person and kind; a new one replaces it (the old stays as history
-- with replaced_at set).
CREATE TABLE deploy_documents (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('vog', 'identity', 'contract')),
    issued_on   TEXT NOT NULL,
    expires_on  TEXT,
    note        TEXT,
    checked_by  INTEGER REFERENCES users(id),
    checked_at  INTEGER NOT NULL,
    replaced_at INTEGER
);
CREATE INDEX deploy_documents_person ON deploy_documents(person_id, kind);

-- A plan: the engine's proposal (or a repair after a cancellation) for the
-- shifts of one organisation (org_id) or of the whole region (NULL) from
-- from_date to to_date. A draft is changed by hand and then published or
-- discarded. Coverage: places filled of places needed.
CREATE TABLE deploy_plans (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER REFERENCES orgs(id),
    from_date     TEXT NOT NULL,
    to_date       TEXT NOT NULL CHECK (to_date >= from_date),
    kind          TEXT NOT NULL CHECK (kind IN ('proposal', 'repair')),
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published', 'discarded')),
    needed        INTEGER NOT NULL DEFAULT 0,
    filled        INTEGER NOT NULL DEFAULT 0,
    objective     INTEGER,
    changes       INTEGER,
    seconds       REAL,
    cause         TEXT,
    basis         INTEGER NOT NULL DEFAULT 0, -- fingerprint of the scope's published roster it was made from
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    published_by  INTEGER REFERENCES users(id),
    published_at  INTEGER
);

-- Who works which shift. A draft plan's rows are 'proposed'; publishing
-- turns them into 'published' rows (plan_id NULL) and cancels the published
-- rows the plan dropped. Claims and hand changes to the published roster
-- are 'published' rows straight away.
CREATE TABLE deploy_assignments (
    id            INTEGER PRIMARY KEY,
    shift_id      INTEGER NOT NULL REFERENCES deploy_shifts(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    plan_id       INTEGER REFERENCES deploy_plans(id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('proposed', 'published', 'cancelled')),
    source        TEXT NOT NULL CHECK (source IN ('engine', 'hand', 'claim', 'repair')),
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    cancelled_by  INTEGER REFERENCES users(id),
    cancelled_at  INTEGER,
    cancel_reason TEXT
);
CREATE INDEX deploy_assignments_shift ON deploy_assignments(shift_id, status);
CREATE INDEX deploy_assignments_person ON deploy_assignments(person_id, status);
CREATE INDEX deploy_assignments_plan ON deploy_assignments(plan_id);
CREATE UNIQUE INDEX deploy_assignments_one_published
    ON deploy_assignments(shift_id, person_id) WHERE status = 'published';

-- Worked hours of a published assignment, confirmed or corrected by the
-- supervisor; status 'missed' records a no-show (minutes 0).
CREATE TABLE deploy_hours (
    assignment_id INTEGER PRIMARY KEY REFERENCES deploy_assignments(id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('worked', 'missed')),
    minutes       INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
    note          TEXT,
    confirmed_by  INTEGER REFERENCES users(id),
    confirmed_at  INTEGER NOT NULL
);

-- Personal calendar feeds: the URL holds a 128-bit token; only its BLAKE2b
-- hash is kept. Revoking sets revoked_at; a new token replaces the old.
CREATE TABLE deploy_feed_tokens (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX deploy_feed_tokens_person ON deploy_feed_tokens(person_id);
