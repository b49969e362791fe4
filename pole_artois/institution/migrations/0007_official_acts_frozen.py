"""The database itself keeps the official acts as the law wants them (see institution/services.py).

Whatever writes to it (the admin, a shell, `QuerySet.update()`, a raw query), PostgreSQL refuses:
- changing what the public reads of an online délibération, unless a correction or withdrawal
  of that délibération was recorded just before in the same transaction (inserting the
  DeliberationChange row allows one update of that délibération); nothing changes once withdrawn;
- changing its number, séance, online date or publication once it is online, and deleting it;
- replacing the online minutes of a séance without a MinutesCorrection recorded just before;
  deleting a séance whose minutes are online; unpublishing a séance with anything online;
- changing or deleting a recorded correction.
Inserting rows is always allowed: a restore loads a backup into an empty database that way.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION institution_refuse(message text) RETURNS void AS $$
BEGIN
    RAISE EXCEPTION '%', message USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

-- Recording a correction allows the next update of what it corrects, in this transaction only.
CREATE FUNCTION institution_correction_recorded() RETURNS trigger AS $$
BEGIN
    PERFORM set_config(TG_ARGV[0], to_jsonb(NEW) ->> TG_ARGV[1], true);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION institution_use_correction(setting text, id bigint) RETURNS boolean AS $$
BEGIN
    IF coalesce(current_setting(setting, true), '') <> id::text THEN
        RETURN false;
    END IF;
    PERFORM set_config(setting, '', true);
    RETURN true;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION institution_deliberation_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.online_at IS NOT NULL THEN
            PERFORM institution_refuse(format(
                'Délibération %s is online: it is never deleted (record its withdrawal).',
                OLD.number));
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.status = 'published' AND NEW.online_at IS NULL THEN
        PERFORM institution_refuse(format(
            'Délibération %s is published without its online date: publish it with '
            'services.publish_deliberation.', NEW.number));
    END IF;
    IF TG_OP = 'INSERT' OR OLD.online_at IS NULL THEN
        RETURN NEW;
    END IF;
    IF (NEW.number, NEW.seance_id, NEW.online_at, NEW.status, NEW.published_at)
        IS DISTINCT FROM (OLD.number, OLD.seance_id, OLD.online_at, OLD.status, OLD.published_at)
    THEN
        PERFORM institution_refuse(format(
            'Délibération %s is online: its number, séance and publication never change.',
            OLD.number));
    END IF;
    -- Everything the public reads of it (Deliberation.CORRECTABLE_FIELDS, the text, its state).
    -- Not the untranslated `subject` and `signatory_title`: modeltranslation writes there the
    -- value of the language the page was saved in, and nothing reads them.
    IF (NEW.subject_fr, NEW.subject_en, NEW.outcome, NEW.votes_for, NEW.votes_against,
        NEW.abstentions, NEW.document, NEW.document_size, NEW.signatory_name,
        NEW.signatory_title_fr, NEW.signatory_title_en, NEW.state)
        IS DISTINCT FROM
       (OLD.subject_fr, OLD.subject_en, OLD.outcome, OLD.votes_for, OLD.votes_against,
        OLD.abstentions, OLD.document, OLD.document_size, OLD.signatory_name,
        OLD.signatory_title_fr, OLD.signatory_title_en, OLD.state)
    THEN
        IF OLD.state = 'withdrawn' THEN
            PERFORM institution_refuse(format(
                'Délibération %s has been withdrawn: it no longer changes.', OLD.number));
        END IF;
        IF NOT institution_use_correction('institution.changed_deliberation', OLD.id) THEN
            PERFORM institution_refuse(format(
                'Délibération %s is online: its content changes only through a recorded '
                'correction (services.correct_deliberation).', OLD.number));
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER institution_deliberation_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON institution_deliberation
    FOR EACH ROW EXECUTE FUNCTION institution_deliberation_frozen();

CREATE FUNCTION institution_seance_frozen() RETURNS trigger AS $$
DECLARE
    minutes_online boolean := OLD.status = 'published'
        AND OLD.published_at <= statement_timestamp() AND OLD.minutes <> '';
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF minutes_online THEN
            PERFORM institution_refuse(format(
                'The minutes of the séance of %s are online: it is never deleted.', OLD.date));
        END IF;
        RETURN OLD;
    END IF;
    IF (minutes_online OR EXISTS (
            SELECT 1 FROM institution_deliberation
            WHERE seance_id = OLD.id AND online_at IS NOT NULL))
        AND (NEW.status <> 'published'
             OR NEW.published_at > greatest(OLD.published_at, statement_timestamp()))
    THEN
        PERFORM institution_refuse(format(
            'The séance of %s has acts or minutes online: it stays published.', OLD.date));
    END IF;
    IF minutes_online
        AND (NEW.minutes, NEW.minutes_size) IS DISTINCT FROM (OLD.minutes, OLD.minutes_size)
        AND NOT institution_use_correction('institution.corrected_minutes', OLD.id)
    THEN
        PERFORM institution_refuse(format(
            'The minutes of the séance of %s are online: they are replaced only through a '
            'recorded correction (services.correct_minutes).', OLD.date));
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER institution_seance_frozen
    BEFORE UPDATE OR DELETE ON institution_seance
    FOR EACH ROW EXECUTE FUNCTION institution_seance_frozen();

CREATE FUNCTION institution_correction_kept() RETURNS trigger AS $$
BEGIN
    PERFORM institution_refuse('A recorded correction is kept as it is: record another one.');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER institution_deliberationchange_recorded
    AFTER INSERT ON institution_deliberationchange
    FOR EACH ROW EXECUTE FUNCTION
    institution_correction_recorded('institution.changed_deliberation', 'deliberation_id');
CREATE TRIGGER institution_deliberationchange_kept
    BEFORE UPDATE OR DELETE ON institution_deliberationchange
    FOR EACH ROW EXECUTE FUNCTION institution_correction_kept();
CREATE TRIGGER institution_minutescorrection_recorded
    AFTER INSERT ON institution_minutescorrection
    FOR EACH ROW EXECUTE FUNCTION
    institution_correction_recorded('institution.corrected_minutes', 'seance_id');
CREATE TRIGGER institution_minutescorrection_kept
    BEFORE UPDATE OR DELETE ON institution_minutescorrection
    FOR EACH ROW EXECUTE FUNCTION institution_correction_kept();
"""

BACKWARD = """
DROP TRIGGER institution_minutescorrection_kept ON institution_minutescorrection;
DROP TRIGGER institution_minutescorrection_recorded ON institution_minutescorrection;
DROP TRIGGER institution_deliberationchange_kept ON institution_deliberationchange;
DROP TRIGGER institution_deliberationchange_recorded ON institution_deliberationchange;
DROP TRIGGER institution_seance_frozen ON institution_seance;
DROP TRIGGER institution_deliberation_frozen ON institution_deliberation;
DROP FUNCTION institution_correction_kept();
DROP FUNCTION institution_seance_frozen();
DROP FUNCTION institution_deliberation_frozen();
DROP FUNCTION institution_use_correction(text, bigint);
DROP FUNCTION institution_correction_recorded();
DROP FUNCTION institution_refuse(text);
"""


class Migration(migrations.Migration):
    dependencies = [("institution", "0006_deliberation_change")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
