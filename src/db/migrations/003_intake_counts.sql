-- Intake under load (bench/intake): what every application reads must not
-- grow with the number of applications.
--
-- The number of applications of a campaign (not erased), kept by triggers:
-- the cap is checked for every application, and counting the rows each time
-- made storing the n-th application cost O(n).
ALTER TABLE campaigns ADD COLUMN applications_count INTEGER NOT NULL DEFAULT 0;
UPDATE campaigns SET applications_count =
    (SELECT count(*) FROM applications a WHERE a.campaign_id = campaigns.id AND a.erased_at IS NULL);

CREATE TRIGGER applications_count_insert AFTER INSERT ON applications WHEN NEW.erased_at IS NULL
BEGIN
    UPDATE campaigns SET applications_count = applications_count + 1 WHERE id = NEW.campaign_id;
END;

CREATE TRIGGER applications_count_erase AFTER UPDATE OF erased_at ON applications
WHEN OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
BEGIN
    UPDATE campaigns SET applications_count = applications_count - 1 WHERE id = NEW.campaign_id;
END;

CREATE TRIGGER applications_count_delete AFTER DELETE ON applications WHEN OLD.erased_at IS NULL
BEGIN
    UPDATE campaigns SET applications_count = applications_count - 1 WHERE id = OLD.campaign_id;
END;

-- Duplicate detection looks people up by e-mail (any case), phone, and name
-- with birth date; without these each lookup read the whole people table.
CREATE INDEX people_email_lower ON people(lower(email));
CREATE INDEX people_phone ON people(phone);
CREATE INDEX people_birth_name ON people(birth_date, lower(family_name));
