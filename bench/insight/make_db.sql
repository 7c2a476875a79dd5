-- bench/insight: one programme of 20 cohorts with 1,000,000 members and their
-- outcome events, deterministic (a multiplicative hash of the member id, no
-- random()). Start days are the 1st..28th of a month, so that "6 months
-- later" is the same date in SQLite's date() and in the engine.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO orgs (id, name, kind, region, created_at) VALUES (1, 'Bench', 'regional', 'Bench', 0);
INSERT INTO programmes (id, slug, name, kind, owner_org, created_at) VALUES (1, 'bench', 'Bench', 'pre_track', 1, 0);
INSERT INTO programme_phases (id, programme_id, position, name, weeks) VALUES
  (1, 1, 1, 'Voortraject', 20), (2, 1, 2, 'BBL', 104), (3, 1, 3, 'Werk', 52);
INSERT INTO programme_targets (programme_id, metric, value, description) VALUES (1, 'continue_pct', 75, 'bench');
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 19)
INSERT INTO cohorts (id, programme_id, name, starts_on, ends_on, capacity, created_at)
SELECT i + 1, 1, 'Cohort ' || (i + 1), date('2024-01-01', '+' || (i * 36) || ' days'), '2027-01-01', 50000, 0 FROM k;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO cohort_members (id, cohort_id, person_id, started_on, created_at)
SELECT i, (i - 1) / 50000 + 1, NULL,
       strftime('%Y-%m-', date('2024-01-01', '+' || (((i - 1) / 50000) * 36) || ' days')) ||
         printf('%02d', 1 + (i * 7) % 28), 0
FROM n;
CREATE TEMP TABLE h AS
SELECT id, started_on AS s, (id * 2654435761) % 4294967296 AS x FROM cohort_members;
INSERT INTO outcome_events (member_id, kind, on_date, created_at) SELECT id, 'started', s, 0 FROM h;
-- 80 % complete the pre-track after 140 days, 20 % drop out in it.
INSERT INTO outcome_events (member_id, kind, on_date, created_at)
SELECT id, 'pretrack_completed', date(s, '+140 days'), 0 FROM h WHERE x % 100 < 80;
INSERT INTO outcome_events (member_id, kind, on_date, phase_id, reason, created_at)
SELECT id, 'dropped_out', date(s, '+' || (x / 100 % 140) || ' days'), 1,
       CASE x / 1000 % 5 WHEN 0 THEN 'finances' WHEN 1 THEN 'health' WHEN 2 THEN 'workload' WHEN 3 THEN 'childcare'
       ELSE NULL END, 0
FROM h WHERE x % 100 >= 80;
-- of those, most enter BBL and are employed; some drop out or leave later.
INSERT INTO outcome_events (member_id, kind, on_date, level, created_at)
SELECT id, 'entered_bbl', date(s, '+141 days'), 2 + x % 2, 0 FROM h WHERE x % 100 < 76;
INSERT INTO outcome_events (member_id, kind, on_date, contract, created_at)
SELECT id, 'employed', date(s, '+' || (141 + x / 7 % 60) || ' days'), 'bbl', 0 FROM h WHERE x % 100 < 74;
INSERT INTO outcome_events (member_id, kind, on_date, phase_id, reason, created_at)
SELECT id, 'dropped_out', date(s, '+' || (150 + x / 13 % 400) || ' days'), 2, 'other_job', 0 FROM h WHERE x % 100 BETWEEN 60 AND 67;
INSERT INTO outcome_events (member_id, kind, on_date, created_at)
SELECT id, 'left_sector', date(s, '+' || (200 + x / 17 % 300) || ' days'), 0 FROM h WHERE x % 100 BETWEEN 68 AND 70;
INSERT INTO outcome_events (member_id, kind, on_date, level, created_at)
SELECT id, 'diploma', date(s, '+' || (500 + x % 9) || ' days'), 2, 0 FROM h WHERE x % 100 < 30;
-- wrong entries that were voided: they must not count
INSERT INTO outcome_events (member_id, kind, on_date, phase_id, reason, created_at, voided_at, void_reason)
SELECT id, 'dropped_out', date(s, '+30 days'), 1, 'personal', 0, 1, 'wrong member' FROM h WHERE x % 50 = 7;
INSERT INTO programme_costs (programme_id, cohort_id, category, amount_cents, spent_on, created_at)
SELECT 1, id, 'training', 120000000, starts_on, 0 FROM cohorts;
COMMIT;
ANALYZE;
