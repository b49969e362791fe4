"""The legal mentions of an act and what the national open data needs (README: "Official acts").

Besides the new fields: the signatory's name is split into first name and name (at the first
space: "Michel Dagbert" becomes "Michel" and "Dagbert"; the page reads the same); the
triggers of 0007 now freeze the new public columns of an online délibération too, and let an
empty SHA-256 be filled in once (files stored before digests were kept get theirs here).
"""

import hashlib
from importlib import import_module

import django.core.serializers.json
import django.core.validators
import django.db.models.expressions
import pole_artois.core.documents
import pole_artois.core.uploads
import pole_artois.institution.actes
import pole_artois.institution.models.identity
from django.core.files.storage import default_storage
from django.db import migrations, models

FROZEN = """
CREATE OR REPLACE FUNCTION institution_deliberation_frozen() RETURNS trigger AS $$
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
    -- Everything the public reads of it (Deliberation.CORRECTABLE_FIELDS, the text with its
    -- digest, its state). Not the untranslated `subject` and `signatory_title`: modeltranslation
    -- writes there the value of the language the page was saved in, and nothing reads them.
    -- A digest never noted (a file stored before 0010) may be filled in once.
    IF (NEW.subject_fr, NEW.subject_en, NEW.matter, NEW.outcome, NEW.members_in_office,
        NEW.voters, NEW.votes_for, NEW.votes_against, NEW.abstentions, NEW.document,
        NEW.document_size, NEW.signatory_first_name, NEW.signatory_name,
        NEW.signatory_title_fr, NEW.signatory_title_en, NEW.control_authority,
        NEW.transmission_id, NEW.transmitted_on, NEW.budget_year, NEW.budget_name, NEW.state)
        IS DISTINCT FROM
       (OLD.subject_fr, OLD.subject_en, OLD.matter, OLD.outcome, OLD.members_in_office,
        OLD.voters, OLD.votes_for, OLD.votes_against, OLD.abstentions, OLD.document,
        OLD.document_size, OLD.signatory_first_name, OLD.signatory_name,
        OLD.signatory_title_fr, OLD.signatory_title_en, OLD.control_authority,
        OLD.transmission_id, OLD.transmitted_on, OLD.budget_year, OLD.budget_name, OLD.state)
       OR (OLD.document_sha256 <> '' AND (NEW.document_sha256, NEW.document_pdfa)
           IS DISTINCT FROM (OLD.document_sha256, OLD.document_pdfa))
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

CREATE OR REPLACE FUNCTION institution_seance_frozen() RETURNS trigger AS $$
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
        AND ((NEW.minutes, NEW.minutes_size) IS DISTINCT FROM (OLD.minutes, OLD.minutes_size)
             OR (OLD.minutes_sha256 <> '' AND NEW.minutes_sha256 <> OLD.minutes_sha256))
        AND NOT institution_use_correction('institution.corrected_minutes', OLD.id)
    THEN
        PERFORM institution_refuse(format(
            'The minutes of the séance of %s are online: they are replaced only through a '
            'recorded correction (services.correct_minutes).', OLD.date));
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- A recorded correction never changes; the one update allowed fills in empty digests, and
-- nothing else.
CREATE OR REPLACE FUNCTION institution_correction_kept() RETURNS trigger AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    digest text;
    filled boolean := false;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_row := to_jsonb(OLD);
        new_row := to_jsonb(NEW);
        FOREACH digest IN ARRAY ARRAY['document_sha256', 'replaced_document_sha256'] LOOP
            IF old_row ->> digest = '' AND new_row ->> digest <> '' THEN
                filled := true;
                old_row := old_row - digest;
                new_row := new_row - digest;
            END IF;
        END LOOP;
        IF filled AND old_row = new_row THEN
            RETURN NEW;
        END IF;
    END IF;
    PERFORM institution_refuse('A recorded correction is kept as it is: record another one.');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""



def _functions_of_0007():
    """0007's versions of the three functions, for going back (before the columns go)."""
    forward = import_module("pole_artois.institution.migrations.0007_official_acts_frozen").FORWARD
    names = ("institution_deliberation_frozen", "institution_seance_frozen",
             "institution_correction_kept")
    bodies = [
        chunk.split("$$ LANGUAGE plpgsql;")[0]
        for chunk in forward.split("CREATE FUNCTION ")[1:]
        if chunk.startswith(names)
    ]
    return "".join(f"CREATE OR REPLACE FUNCTION {body}$$ LANGUAGE plpgsql;\n" for body in bodies)


UNFROZEN = _functions_of_0007()

TRIGGER = "institution_deliberation_frozen"


def split_signatory_names(apps, schema_editor):
    """Each signatory "First Last" becomes first name "First" and name "Last". The page shows
    the two joined by a space, as before: the trigger is set aside for this write only."""
    Deliberation = apps.get_model("institution", "Deliberation")
    table = Deliberation._meta.db_table
    schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGER}")
    for act in Deliberation.objects.exclude(signatory_name="").filter(signatory_first_name=""):
        words = act.signatory_name.split(maxsplit=1)
        if len(words) == 2:
            Deliberation.objects.filter(pk=act.pk).update(
                signatory_first_name=words[0], signatory_name=words[1]
            )
    schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGER}")


def join_signatory_names(apps, schema_editor):
    Deliberation = apps.get_model("institution", "Deliberation")
    table = Deliberation._meta.db_table
    schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGER}")
    for act in Deliberation.objects.exclude(signatory_first_name=""):
        Deliberation.objects.filter(pk=act.pk).update(
            signatory_name=f"{act.signatory_first_name} {act.signatory_name}".strip()
        )
    schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGER}")


def _sha256(name):
    """The digest of a stored file, or "" when the storage does not have it (a copy of the
    database without its files)."""
    if not name:
        return ""
    digest = hashlib.sha256()
    try:
        with default_storage.open(name, "rb") as file:
            for chunk in iter(lambda: file.read(1024 * 1024), b""):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


DIGESTS = [
    ("Deliberation", "document", "document_sha256"),
    ("Seance", "minutes", "minutes_sha256"),
    ("DeliberationChange", "document", "document_sha256"),
    ("DeliberationChange", "replaced_document", "replaced_document_sha256"),
    ("MinutesCorrection", "document", "document_sha256"),
    ("MinutesCorrection", "replaced_document", "replaced_document_sha256"),
]


def hash_stored_files(apps, schema_editor):
    for model_name, file_field, digest_field in DIGESTS:
        model = apps.get_model("institution", model_name)
        for pk, name in model.objects.exclude(**{file_field: ""}).values_list("pk", file_field):
            if digest := _sha256(name):
                model.objects.filter(pk=pk).update(**{digest_field: digest})


class Migration(migrations.Migration):

    dependencies = [
        ('institution', '0011_accessibility_statement'),
    ]

    operations = [
        migrations.AddField(
            model_name='deliberation',
            name='budget_name',
            field=models.CharField(blank=True, help_text='e.g. Budget principal.', max_length=200, verbose_name='budget name'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='budget_year',
            field=models.CharField(blank=True, help_text="Only for an act with a budgetary effect: the year (2026) or years (2026/2027) of the budget concerned, with the budget's name.", max_length=9, validators=[django.core.validators.RegexValidator('^[0-9]{4}(/[0-9]{4})?$', 'Write one year (2026) or two years separated by / (2026/2027).')], verbose_name='budget year'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='control_authority',
            field=models.CharField(blank=True, help_text='Its code in the national data: PREF062 for the Pas-de-Calais prefecture, SPREFNNNM for a sub-prefecture.', max_length=9, validators=[django.core.validators.RegexValidator('^((PREF|SGAR)[0-9]{2}[0-9AB]|SPREF[0-9]{2}[0-9AB][0-9])$', 'Write the code as the national data does: PREF062, SPREF0621 or SGAR059.')], verbose_name='legality control authority'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='document_pdfa',
            field=models.CharField(blank=True, editable=False, max_length=10, verbose_name='PDF/A declared'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='document_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='matter',
            field=models.CharField(blank=True, choices=pole_artois.institution.actes.matter_choices, help_text='The matter under which the act is sent to the prefecture (national ACTES classification, level 2). Needed for the national open data file.', max_length=5, verbose_name='ACTES matter'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='members_in_office',
            field=models.PositiveSmallIntegerField(blank=True, help_text="Delegates who could take part in the vote (the comité's members in office).", null=True, verbose_name='members in office'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='signatory_first_name',
            field=models.CharField(blank=True, help_text='e.g. Michel.', max_length=100, verbose_name='first name of the signatory'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='transmission_id',
            field=models.CharField(blank=True, help_text="As on the prefecture's acknowledgement of receipt (ACTES).", max_length=100, verbose_name='transmission identifier'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='transmitted_on',
            field=models.DateField(blank=True, help_text='The date on the acknowledgement of receipt; not before the séance.', null=True, verbose_name='received by the prefecture on'),
        ),
        migrations.AddField(
            model_name='deliberation',
            name='voters',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Delegates who actually took part in the vote, present or represented.', null=True, verbose_name='members voting'),
        ),
        migrations.AddField(
            model_name='deliberationchange',
            name='document_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AddField(
            model_name='deliberationchange',
            name='replaced_document_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AddField(
            model_name='minutescorrection',
            name='document_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AddField(
            model_name='minutescorrection',
            name='replaced_document_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AddField(
            model_name='poleidentity',
            name='siret',
            field=models.CharField(blank=True, help_text="The Pôle's SIRET number (14 digits, without spaces), from the SIRENE directory. The national open data file of the délibérations needs it.", max_length=14, validators=[pole_artois.institution.models.identity.validate_siret], verbose_name='SIRET'),
        ),
        migrations.AddField(
            model_name='seance',
            name='minutes_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AlterField(
            model_name='deliberation',
            name='document',
            field=pole_artois.core.documents.PdfField(blank=True, help_text='The signed act. PDF only, at most 20 MB; a PDF/A file is best (its declaration is read and shown).', max_length=255, upload_to=pole_artois.core.uploads.SafeUploadTo('actes', extension='pdf'), validators=[pole_artois.core.documents.validate_readable_pdf], verbose_name='full text (PDF)'),
        ),
        migrations.AlterField(
            model_name='deliberation',
            name='signatory_name',
            field=models.CharField(blank=True, help_text='e.g. Dagbert.', max_length=200, verbose_name='name of the signatory'),
        ),
        migrations.AlterField(
            model_name='deliberationchange',
            name='document',
            field=pole_artois.core.documents.PdfField(blank=True, help_text='For a correction of the text: the new text, which replaces the current one.', max_length=255, upload_to=pole_artois.core.uploads.SafeUploadTo('actes', extension='pdf'), validators=[pole_artois.core.documents.validate_readable_pdf], verbose_name='corrected text (PDF)'),
        ),
        migrations.AlterField(
            model_name='deliberationchange',
            name='replaced_values',
            field=models.JSONField(default=dict, editable=False, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='replaced values'),
        ),
        migrations.AlterField(
            model_name='minutescorrection',
            name='document',
            field=pole_artois.core.documents.PdfField(max_length=255, upload_to=pole_artois.core.uploads.SafeUploadTo('actes', extension='pdf'), validators=[pole_artois.core.documents.validate_readable_pdf], verbose_name='corrected minutes (PDF)'),
        ),
        migrations.AlterField(
            model_name='seance',
            name='minutes',
            field=pole_artois.core.documents.PdfField(blank=True, help_text='The procès-verbal, once approved. PDF only, at most 20 MB.', max_length=255, upload_to=pole_artois.core.uploads.SafeUploadTo('actes', extension='pdf'), validators=[pole_artois.core.documents.validate_readable_pdf], verbose_name='minutes (PDF)'),
        ),
        migrations.AddConstraint(
            model_name='deliberation',
            constraint=models.CheckConstraint(condition=models.Q(('voters__isnull', True), ('members_in_office__isnull', True), ('voters__lte', models.F('members_in_office')), _connector='OR'), name='deliberation_voters_in_office'),
        ),
        migrations.AddConstraint(
            model_name='deliberation',
            constraint=models.CheckConstraint(condition=models.Q(('voters__isnull', True), ('votes_for__isnull', True), ('votes_against__isnull', True), ('abstentions__isnull', True), ('voters', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.F('votes_for'), '+', models.F('votes_against')), '+', models.F('abstentions'))), _connector='OR'), name='deliberation_votes_add_up'),
        ),
        migrations.RunPython(split_signatory_names, join_signatory_names),
        migrations.RunSQL(FROZEN, UNFROZEN),
        migrations.RunPython(hash_stored_files, migrations.RunPython.noop),
    ]
