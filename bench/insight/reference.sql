-- bench/insight: the figures of programme 1 as of :today, in SQL alone, in the
-- format of 'instroom insight' (the same definitions, docs/insight.md). Run by
-- the sqlite3 command-line tool on the same database.
.parameter init
.parameter set :today "'2026-06-30'"
.parameter set :p 1
.mode list
.separator " "
CREATE TEMP TABLE m AS
SELECT m.id, m.started_on AS s FROM cohort_members m JOIN cohorts h ON h.id = m.cohort_id WHERE h.programme_id = :p;
-- the first day of each kind per member: events up to today, not voided
CREATE TEMP TABLE w AS
SELECT m.id, m.s,
  min(CASE WHEN e.kind = 'started' THEN e.on_date END) AS started,
  min(CASE WHEN e.kind = 'pretrack_completed' THEN e.on_date END) AS pre,
  min(CASE WHEN e.kind = 'entered_bbl' THEN e.on_date END) AS bbl,
  min(CASE WHEN e.kind = 'diploma' THEN e.on_date END) AS dip,
  min(CASE WHEN e.kind = 'employed' THEN e.on_date END) AS emp,
  min(CASE WHEN e.kind = 'dropped_out' THEN e.on_date END) AS drop_,
  min(CASE WHEN e.kind = 'left_sector' THEN e.on_date END) AS left_,
  min(CASE WHEN e.kind IN ('dropped_out', 'left_sector') THEN e.on_date END) AS stop
FROM temp.m LEFT JOIN outcome_events e ON e.member_id = m.id AND e.voided_at IS NULL AND e.on_date <= :today
GROUP BY m.id;
SELECT 'members', count(*) FROM temp.m;
SELECT 'reached', 'started', count(started) FROM temp.w;
SELECT 'reached', 'pretrack_completed', count(pre) FROM temp.w;
SELECT 'reached', 'entered_bbl', count(bbl) FROM temp.w;
SELECT 'reached', 'diploma', count(dip) FROM temp.w;
SELECT 'reached', 'employed', count(emp) FROM temp.w;
SELECT 'reached', 'dropped_out', count(drop_) FROM temp.w;
SELECT 'reached', 'left_sector', count(left_) FROM temp.w;
SELECT 'continued', count(*) FROM temp.w WHERE bbl IS NOT NULL;
SELECT 'decided', count(*) FROM temp.w WHERE bbl IS NOT NULL OR stop IS NOT NULL;
SELECT 'pending', count(*) FROM temp.w WHERE bbl IS NULL AND stop IS NULL AND started IS NOT NULL;
SELECT 'working_6m', sum(emp <= date(s, '+6 months') AND NOT coalesce(stop <= date(s, '+6 months'), 0)), count(*)
FROM temp.w WHERE date(s, '+6 months') <= :today;
SELECT 'working_12m', sum(emp <= date(s, '+12 months') AND NOT coalesce(stop <= date(s, '+12 months'), 0)), count(*)
FROM temp.w WHERE date(s, '+12 months') <= :today;
SELECT 'costs', coalesce(sum(amount_cents), 0) FROM programme_costs WHERE programme_id = :p;
-- the first dropout per member (the lowest id on the earliest day), by phase and by reason
CREATE TEMP TABLE dr AS
SELECT e.phase_id, coalesce(e.reason, 'unknown') AS reason FROM outcome_events e JOIN temp.m ON m.id = e.member_id
WHERE e.kind = 'dropped_out' AND e.voided_at IS NULL AND e.on_date <= :today AND e.id = (
  SELECT e2.id FROM outcome_events e2 WHERE e2.member_id = e.member_id AND e2.kind = 'dropped_out'
  AND e2.voided_at IS NULL AND e2.on_date <= :today ORDER BY e2.on_date, e2.id LIMIT 1);
SELECT 'dropout_phase', ph.name, (SELECT count(*) FROM temp.dr WHERE dr.phase_id = ph.id)
FROM programme_phases ph WHERE ph.programme_id = :p ORDER BY ph.position;
SELECT 'dropout_reason', reason, count(*) FROM temp.dr GROUP BY reason ORDER BY count(*) DESC, reason;
-- Kaplan-Meier: time to the first stop, censored at today; Greenwood; log-log band
WITH t AS (
  SELECT CASE WHEN stop IS NOT NULL THEN max(julianday(stop) - julianday(s), 0)
              ELSE julianday(:today) - julianday(s) END AS time, stop IS NOT NULL AS ev
  FROM temp.w WHERE s <= :today),
g AS (SELECT time, sum(ev) AS d, sum(1 - ev) AS c FROM t GROUP BY time),
r AS (SELECT time, d, c, sum(d + c) OVER (ORDER BY time DESC) AS n FROM g),
k AS (SELECT time, n, d, c,
        exp(sum(ln(1.0 - 1.0 * d / n)) OVER (ORDER BY time)) AS surv,
        sqrt(sum(1.0 * d / (1.0 * n * (n - d))) OVER (ORDER BY time)) AS se FROM r)
SELECT 'km', printf('%.0f', time), n, d, c, printf('%.17g', surv), printf('%.17g', se),
       CASE WHEN surv > 0 AND surv < 1 THEN printf('%.17g', exp(-exp(ln(-ln(surv)) - 1.959963984540054 * se / ln(surv)))) ELSE 'nan' END,
       CASE WHEN surv > 0 AND surv < 1 THEN printf('%.17g', exp(-exp(ln(-ln(surv)) + 1.959963984540054 * se / ln(surv)))) ELSE 'nan' END
FROM k ORDER BY time;
