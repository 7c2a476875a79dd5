-- Skills, training and badges (issue 4): the skills catalogue and every
-- person's skills profile, courses with modules and sessions, enrolment,
-- attendance and assessment, and Open Badges 3.0 credentials with their
-- revocation status list. Times are Unix seconds (UTC); dates 'YYYY-MM-DD'.

-- A skill people can have. ESCO skills keep their conceptUri in uri; the
-- platform's own skills (the zorgrunner basic skills, local additions) get
-- an urn:instroom:skill:CODE uri so that badges can align to every skill.
-- search is the labels (and ESCO alternative labels) folded to lower case
-- without diacritics, for search that ignores both.
CREATE TABLE skills (
    id             INTEGER PRIMARY KEY,
    uri            TEXT NOT NULL UNIQUE,
    code           TEXT UNIQUE,             -- short key of own skills (handhygiene), NULL for ESCO
    kind           TEXT NOT NULL CHECK (kind IN ('basic', 'transversal', 'digital', 'language', 'local')),
    label_nl       TEXT NOT NULL,
    label_en       TEXT,
    description_nl TEXT,
    description_en TEXT,
    search         TEXT NOT NULL,
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    archived_at    INTEGER
);
CREATE INDEX skills_kind ON skills(kind);

-- What a person can, at which level (1 starting .. 4 expert), learnt where,
-- with what evidence, and who verified it when (NULL: the person's own claim).
CREATE TABLE person_skills (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    skill_id    INTEGER NOT NULL REFERENCES skills(id),
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    source      TEXT NOT NULL CHECK (source IN ('training', 'study', 'hobby', 'work', 'volunteering')),
    evidence    TEXT,
    verified_by INTEGER REFERENCES users(id),
    verified_at INTEGER,
    added_by    INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (person_id, skill_id, source)
);
CREATE INDEX person_skills_skill ON person_skills(skill_id);

-- A course a school gives (Zorgrunner basisvaardigheden, WelSlagen voortraject).
CREATE TABLE courses (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),       -- the school responsible
    programme_id   INTEGER REFERENCES programmes(id),
    name           TEXT NOT NULL,
    description_nl TEXT,
    description_en TEXT,
    created_at     INTEGER NOT NULL,
    archived_at    INTEGER
);
CREATE INDEX courses_org ON courses(org_id);

-- The parts of a course, in order; passing one awards its skills.
CREATE TABLE course_modules (
    id        INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name_nl   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    dayparts  INTEGER,                 -- length in dagdelen, or NULL
    weeks     INTEGER,                 -- length in weeks, or NULL
    UNIQUE (course_id, position)
);

CREATE TABLE module_skills (
    module_id INTEGER NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    skill_id  INTEGER NOT NULL REFERENCES skills(id),
    level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    PRIMARY KEY (module_id, skill_id)
);

-- One meeting of a module: where, when, how many, by whom.
CREATE TABLE training_sessions (
    id          INTEGER PRIMARY KEY,
    course_id   INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    module_id   INTEGER REFERENCES course_modules(id) ON DELETE CASCADE,
    cohort_id   INTEGER REFERENCES cohorts(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),  -- the school giving it
    location    TEXT NOT NULL,
    postcode    TEXT,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL CHECK (ends_at > starts_at),
    capacity    INTEGER NOT NULL CHECK (capacity >= 0),
    trainer_id  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX training_sessions_course ON training_sessions(course_id, starts_at);

-- A person following a course, in a cohort. avail_* say when they can come
-- (bit 0 Monday .. bit 6 Sunday; bit 0 morning, 1 afternoon, 2 evening).
CREATE TABLE enrolments (
    id           INTEGER PRIMARY KEY,
    course_id    INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    cohort_id    INTEGER REFERENCES cohorts(id),
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'completed', 'withdrawn')),
    avail_days   INTEGER NOT NULL DEFAULT 127,
    avail_parts  INTEGER NOT NULL DEFAULT 7,
    enrolled_at  INTEGER NOT NULL,
    completed_at INTEGER,
    UNIQUE (course_id, person_id)
);
CREATE INDEX enrolments_person ON enrolments(person_id);
CREATE INDEX enrolments_cohort ON enrolments(cohort_id);

-- Who is placed in which session (by the planner or by hand).
CREATE TABLE session_places (
    session_id   INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments(id) ON DELETE CASCADE,
    placed_by    INTEGER REFERENCES users(id),
    placed_at    INTEGER NOT NULL,
    km           REAL,                 -- travel distance the planner counted
    PRIMARY KEY (session_id, enrolment_id)
);
CREATE INDEX session_places_enrolment ON session_places(enrolment_id);

CREATE TABLE attendance (
    session_id   INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments(id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    recorded_by  INTEGER REFERENCES users(id),
    recorded_at  INTEGER NOT NULL,
    PRIMARY KEY (session_id, enrolment_id)
);

CREATE TABLE assessments (
    id           INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments(id) ON DELETE CASCADE,
    module_id    INTEGER NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    result       TEXT NOT NULL CHECK (result IN ('passed', 'failed')),
    note         TEXT,
    assessed_by  INTEGER REFERENCES users(id),
    assessed_at  INTEGER NOT NULL,
    UNIQUE (enrolment_id, module_id)
);

-- A badge class (OB 3.0 Achievement). Issued automatically to whoever
-- completes course_id, or in bulk. valid_days: credentials expire after so
-- many days (NULL: never).
CREATE TABLE achievements (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),   -- who awards it (a school or the region)
    course_id      INTEGER REFERENCES courses(id),
    name_nl        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    description_nl TEXT NOT NULL,
    description_en TEXT NOT NULL,
    criteria_nl    TEXT NOT NULL,
    criteria_en    TEXT NOT NULL,
    valid_days     INTEGER CHECK (valid_days > 0),
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    archived_at    INTEGER
);
CREATE INDEX achievements_course ON achievements(course_id);

-- The skills an achievement certifies (OB 3.0 alignment, by the skill's uri).
CREATE TABLE achievement_skills (
    achievement_id INTEGER NOT NULL REFERENCES achievements(id) ON DELETE CASCADE,
    skill_id       INTEGER NOT NULL REFERENCES skills(id),
    PRIMARY KEY (achievement_id, skill_id)
);

-- A signed OpenBadgeCredential. token is the random part of the public
-- verification page /badges/v/TOKEN; status_index its bit in the revocation
-- status list. jwt is the VC-JWT as issued (never re-signed).
CREATE TABLE credentials (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    token          TEXT NOT NULL UNIQUE,
    achievement_id INTEGER NOT NULL REFERENCES achievements(id),
    person_id      INTEGER REFERENCES people(id) ON DELETE SET NULL,
    enrolment_id   INTEGER REFERENCES enrolments(id) ON DELETE SET NULL,
    recipient_name TEXT NOT NULL,
    status_index   INTEGER NOT NULL UNIQUE,
    issued_at      INTEGER NOT NULL,
    valid_until    INTEGER,
    jwt            TEXT NOT NULL,
    issued_by      INTEGER REFERENCES users(id),
    revoked_at     INTEGER,
    revoked_by     INTEGER REFERENCES users(id),
    revoke_reason  TEXT
);
CREATE INDEX credentials_person ON credentials(person_id);
CREATE INDEX credentials_achievement ON credentials(achievement_id);
