-- Guidance, outcomes and programme insight (issue 7).
-- Times are Unix seconds (UTC); dates are 'YYYY-MM-DD' (Europe/Amsterdam).
-- Notes, check-ins and support needs are sensitive: POLICY_GUIDANCE_NOTE,
-- POLICY_CHECKIN and POLICY_SUPPORT_NEED decide who sees them.

-- Who coaches whom. The coach is a user; kind says in what capacity.
-- A link is active from started_on up to and including ended_on (NULL: open).
CREATE TABLE coach_links (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    coach_id    INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('werkcoach', 'jobcoach', 'mentor', 'buddy', 'vitality', 'digi')),
    cohort_id   INTEGER REFERENCES cohorts(id) ON DELETE SET NULL,
    started_on  TEXT NOT NULL,
    ended_on    TEXT,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX coach_links_person ON coach_links(person_id);
CREATE INDEX coach_links_coach ON coach_links(coach_id);

-- A contact moment of a coach with the person; notes are the coach's.
CREATE TABLE coach_contacts (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    coach_id   INTEGER NOT NULL REFERENCES users(id),
    at         INTEGER NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('meeting', 'phone', 'video', 'message', 'workplace')),
    notes      TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX coach_contacts_person ON coach_contacts(person_id, at);

-- How someone is doing: by the person, a coach or a supervisor.
-- workload: 1 far too little .. 3 right .. 5 far too much.
CREATE TABLE checkins (
    id                   INTEGER PRIMARY KEY,
    person_id            INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    by_user_id           INTEGER REFERENCES users(id),
    at                   INTEGER NOT NULL,
    wellbeing            INTEGER NOT NULL CHECK (wellbeing BETWEEN 1 AND 5),
    workload             INTEGER NOT NULL CHECK (workload BETWEEN 1 AND 5),
    thinking_of_stopping INTEGER NOT NULL CHECK (thinking_of_stopping IN (0, 1)),
    note                 TEXT,
    created_at           INTEGER NOT NULL
);
CREATE INDEX checkins_person ON checkins(person_id, at);

-- A need for support that may stop someone working, its referral and follow-up.
CREATE TABLE support_needs (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('debts', 'childcare', 'transport', 'language', 'housing', 'health')),
    description  TEXT,
    referral     TEXT,                 -- to whom (service or organisation)
    status       TEXT NOT NULL CHECK (status IN ('open', 'referred', 'in_progress', 'resolved', 'closed')),
    follow_up_on TEXT,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    resolved_at  INTEGER
);
CREATE INDEX support_needs_person ON support_needs(person_id);
CREATE INDEX support_needs_follow_up ON support_needs(status, follow_up_on);

-- Planned coaching moments (the extra coaching in the first 3 months of BBL),
-- done when a contact is recorded against them; reminders go through the outbox.
CREATE TABLE coaching_plan (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    coach_id        INTEGER REFERENCES users(id),
    due_on          TEXT NOT NULL,
    topic           TEXT,
    done_contact_id INTEGER REFERENCES coach_contacts(id) ON DELETE SET NULL,
    reminded_at     INTEGER,
    created_at      INTEGER NOT NULL
);
CREATE INDEX coaching_plan_due ON coaching_plan(due_on);
CREATE INDEX coaching_plan_person ON coaching_plan(person_id);

-- A participant of a cohort. The row outlives the person: the AVG erasure
-- sets person_id to NULL and the member and its outcomes stay, anonymous,
-- so that the figures do not change.
CREATE TABLE cohort_members (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    person_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    org_id     INTEGER REFERENCES orgs(id),    -- where the member is placed (employer or school), or NULL
    started_on TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (cohort_id, person_id)
);
CREATE INDEX cohort_members_person ON cohort_members(person_id);

-- What happened to a member, as events. An event is never deleted: a wrong
-- one is voided (voided_at, voided_by, void_reason) and stays on record.
CREATE TABLE outcome_events (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES cohort_members(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('started', 'pretrack_completed', 'entered_bbl', 'diploma',
                                              'employed', 'dropped_out', 'left_sector')),
    on_date     TEXT NOT NULL,
    level       INTEGER CHECK (level IS NULL OR level BETWEEN 1 AND 4),        -- entered_bbl, diploma
    contract    TEXT CHECK (contract IS NULL OR contract IN ('permanent', 'fixed_term', 'flex', 'bbl', 'other')),
    phase_id    INTEGER REFERENCES programme_phases(id) ON DELETE SET NULL,    -- dropped_out: in which phase
    reason      TEXT CHECK (reason IS NULL OR reason IN ('health', 'finances', 'workload', 'childcare', 'other_job',
                                                         'study', 'not_suitable', 'personal', 'moved', 'unknown')),
    note        TEXT,
    recorded_by INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    voided_at   INTEGER,
    voided_by   INTEGER REFERENCES users(id),
    void_reason TEXT
);
CREATE INDEX outcome_events_member ON outcome_events(member_id, on_date);
CREATE INDEX outcome_events_kind ON outcome_events(kind, on_date);

-- What a programme costs, entered by the coordinator (cohort NULL: the programme as a whole).
CREATE TABLE programme_costs (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    cohort_id    INTEGER REFERENCES cohorts(id) ON DELETE CASCADE,
    category     TEXT NOT NULL CHECK (category IN ('coaching', 'training', 'mentoring', 'recruitment', 'allowance',
                                                   'support', 'overhead', 'other')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    spent_on     TEXT NOT NULL,
    description  TEXT,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX programme_costs_programme ON programme_costs(programme_id, cohort_id);
