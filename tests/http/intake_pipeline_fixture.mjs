// A WelSlagen-like campaign for the pipeline tests, made with SQL straight
// into a demo database: programme with partners Laurens (employer), Albeda
// (school), Calibris Advies (adviser) and Gemeente Rotterdam (referrer); a
// cohort with 10 + 8 + 6 places; a campaign with the seven default stages and
// 30 applicants (aangemeld, with their arrival move).
import { execFileSync } from 'node:child_process';

export function sqlite(db, query, { readonly = true } = {}) {
  const args = readonly ? ['-readonly', db, query] : [db, query];
  return execFileSync('sqlite3', args, { encoding: 'utf8' }).trim();
}

export function seedWelSlagen(db, slug = 'tp-welslagen') {
  const org = (name) => `(SELECT id FROM orgs WHERE name = '${name}')`;
  sqlite(db, `
BEGIN;
INSERT INTO programmes(slug, name, kind, owner_org, created_at) VALUES ('${slug}', 'WelSlagen pipeline ${slug}', 'pre_track', ${org('Gemeente Rotterdam')}, 0);
INSERT INTO programme_partners(programme_id, org_id, part) SELECT id, ${org('Laurens')}, 'employer' FROM programmes WHERE slug = '${slug}';
INSERT INTO programme_partners(programme_id, org_id, part) SELECT id, ${org('Albeda')}, 'school' FROM programmes WHERE slug = '${slug}';
INSERT INTO programme_partners(programme_id, org_id, part) SELECT id, ${org('Calibris Advies')}, 'adviser' FROM programmes WHERE slug = '${slug}';
INSERT INTO programme_partners(programme_id, org_id, part) SELECT id, ${org('Gemeente Rotterdam')}, 'referrer' FROM programmes WHERE slug = '${slug}';
INSERT INTO cohorts(programme_id, name, starts_on, ends_on, capacity, created_at) SELECT id, 'Groep 1', '2027-02-01', '2027-06-30', 24, 0 FROM programmes WHERE slug = '${slug}';
INSERT INTO cohort_places(cohort_id, org_id, places) SELECT c.id, ${org('Laurens')}, 10 FROM cohorts c JOIN programmes p ON p.id = c.programme_id WHERE p.slug = '${slug}';
INSERT INTO cohort_places(cohort_id, org_id, places) SELECT c.id, ${org('Albeda')}, 8 FROM cohorts c JOIN programmes p ON p.id = c.programme_id WHERE p.slug = '${slug}';
INSERT INTO cohort_places(cohort_id, org_id, places) SELECT c.id, ${org('Calibris Advies')}, 6 FROM cohorts c JOIN programmes p ON p.id = c.programme_id WHERE p.slug = '${slug}';
INSERT INTO campaigns(cohort_id, slug, title, opens_at, closes_at, target, cap, reject_message_nl, reject_message_en, created_at)
  SELECT c.id, '${slug}', 'WelSlagen voorjaar (${slug})', 0, 4000000000, 30, 100, 'Helaas kunnen we je dit keer geen plaats bieden.', 'Sorry, we cannot offer you a place this time.', 0
  FROM cohorts c JOIN programmes p ON p.id = c.programme_id WHERE p.slug = '${slug}';
INSERT INTO campaign_stages(campaign_id, position, key, name_nl, name_en, kind)
  SELECT k.id, s.position, s.key, s.nl, s.en, s.kind FROM campaigns k, (
    SELECT 1 AS position, 'aangemeld' AS key, 'Aangemeld' AS nl, 'Applied' AS en, 'open' AS kind
    UNION ALL SELECT 2, 'gescreend', 'Gescreend', 'Screened', 'open'
    UNION ALL SELECT 3, 'intakegesprek', 'Intakegesprek', 'Interview', 'open'
    UNION ALL SELECT 4, 'geselecteerd', 'Geselecteerd', 'Selected', 'selected'
    UNION ALL SELECT 5, 'wachtlijst', 'Wachtlijst', 'Waiting list', 'waitlist'
    UNION ALL SELECT 6, 'afgewezen', 'Afgewezen', 'Rejected', 'rejected'
    UNION ALL SELECT 7, 'teruggetrokken', 'Teruggetrokken', 'Withdrawn', 'withdrawn') s
  WHERE k.slug = '${slug}';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
INSERT INTO people(given_name, family_name, email, phone, birth_date, postcode, created_at, updated_at)
  SELECT 'Kandidaat', '${slug}-' || i, '${slug}-' || i || '@example.nl', NULL,
         CASE WHEN i % 3 = 0 THEN '1970-05-01' ELSE '2000-05-01' END,
         CASE WHEN i % 2 = 0 THEN '3011 AB' ELSE '2611 CD' END, 0, 0 FROM n;
INSERT INTO applications(campaign_id, person_id, stage_id, status_token_hash, languages, avail_days, avail_parts, consent_at, source, lang, created_at, stage_at)
  SELECT k.id, p.id, (SELECT id FROM campaign_stages WHERE campaign_id = k.id AND key = 'aangemeld'), randomblob(32),
         CASE WHEN p.id % 4 = 0 THEN 'nl,ar' ELSE 'nl' END, CASE WHEN p.id % 2 = 0 THEN 31 ELSE 96 END, 3, 1000,
         CASE WHEN p.id % 5 = 0 THEN 'jobcoach' ELSE 'direct' END, 'nl', 1000 + p.id, 1000 + p.id
  FROM campaigns k, people p WHERE k.slug = '${slug}' AND p.family_name LIKE '${slug}-%' ORDER BY p.id;
INSERT INTO application_moves(application_id, from_stage, to_stage, user_id, at, reason)
  SELECT a.id, NULL, a.stage_id, NULL, a.created_at, 'aangemeld' FROM applications a JOIN campaigns k ON k.id = a.campaign_id WHERE k.slug = '${slug}';
COMMIT;`, { readonly: false });
  const campaign = Number(sqlite(db, `SELECT id FROM campaigns WHERE slug = '${slug}'`));
  const apps = sqlite(db, `SELECT id FROM applications WHERE campaign_id = ${campaign} ORDER BY id`).split('\n').map(Number);
  return { campaign, apps };
}
