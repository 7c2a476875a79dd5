-- intake pipeline: where "select the best K" placed a selected applicant.
-- The places a partner has left in a cohort are its cohort_places minus its
-- rows here.
CREATE TABLE selection_placements (
    application_id INTEGER PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    cohort_id      INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    rank           INTEGER NOT NULL,
    user_id        INTEGER REFERENCES users(id),
    at             INTEGER NOT NULL
);
CREATE INDEX selection_placements_cohort ON selection_placements(cohort_id, org_id);
