"""What the law asks of a published act (CGCT L3131-1, R3131-2 through L5721-4; ordonnance
2021-1310): its author, its date online, its unalterable text with a fingerprint, at least two
months online, a paper copy on request; and its ACTES matter, vote and transmission."""

import datetime
import hashlib
from html import unescape

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from pole_artois.core.dates import long_date
from pole_artois.institution import services
from pole_artois.institution.migrations import __name__ as migrations_package
from pole_artois.institution.models import (
    Deliberation,
    DeliberationChange,
    PoleIdentity,
    Seance,
)
from tests.helpers import form_data, pdf, pdf_bytes
from tests.institution.test_acts import refused

pytestmark = pytest.mark.django_db

SEANCE_DAY = datetime.date(2026, 3, 25)


def sha256(content):
    return hashlib.sha256(content).hexdigest()


@pytest.fixture
def seance():
    return Seance.objects.create(date=SEANCE_DAY, place="Lens", status="published")


@pytest.fixture
def online_act(seance):
    return services.publish_deliberation(
        Deliberation(
            number="2026-04",
            subject_fr="Adhésion du Pôle à une association",
            seance=seance,
            document=pdf("2026-04.pdf", text="adhesion", pdfa="2B"),
            matter="5.7",
            members_in_office=21,
            voters=20,
            votes_for=18,
            votes_against=1,
            abstentions=1,
            signatory_first_name="Michel",
            signatory_name="Dagbert",
            signatory_title_fr="Président",
            signatory_title_en="President",
            control_authority="PREF062",
            transmission_id="062-200000000-20260326-2026_04-DE",
            transmitted_on=datetime.date(2026, 3, 26),
        )
    )


def test_the_acts_page_shows_its_author_date_matter_vote_and_fingerprint(client, online_act):
    PoleIdentity.objects.update_or_create(
        pk=1, defaults={"phone": "03 21 00 00 00", "contact_person": "Benoît Brocq"}
    )
    html = unescape(client.get(online_act.get_absolute_url()).content.decode())
    assert "Michel Dagbert, Président" in html
    online = timezone.localtime(online_act.online_at)
    assert f'<time datetime="{online:%Y-%m-%dT%H:%M:%S%z}">' in html
    with translation.override("fr"):
        assert long_date(online, "DATETIME_FORMAT") in html
    assert "5.7 Intercommunalité (5 Institutions et vie politique)" in html
    assert "en exercice : 21, votants : 20 ; pour : 18, contre : 1, abstentions : 1" in html
    assert "reçue le 26 mars 2026, identifiant 062-200000000-20260326-2026_04-DE" in html
    assert f"<code>{sha256(pdf_bytes('adhesion', '2B'))}</code>" in html
    assert "PDF/A-2B" in html
    assert "Une version papier est disponible gratuitement sur demande" in html
    assert "Benoît Brocq" in html
    assert 'href="tel:' in html


def test_without_contact_details_the_paper_copy_points_to_the_contact_form(client, online_act):
    html = unescape(client.get(online_act.get_absolute_url()).content.decode())
    assert "Une version papier est disponible" in html
    assert 'href="/contact/"' in html
    assert "Téléphone" not in html


def test_english_page_reads_the_signatorys_english_title(client, online_act):
    html = unescape(client.get(f"/en{online_act.get_absolute_url()}").content.decode())
    assert "Michel Dagbert, President" in html
    assert "A paper copy is available free of charge on request" in html


class TestFingerprints:
    def test_every_stored_file_gets_its_sha256_when_stored(self, online_act, seance):
        assert online_act.document_sha256 == sha256(pdf_bytes("adhesion", "2B"))
        assert online_act.document_pdfa == "2B"
        first = online_act.document_sha256
        change = services.correct_deliberation(
            online_act, reason_fr="Annexe manquante.", document=pdf("v2.pdf", text="v2")
        )
        online_act.refresh_from_db()
        assert change.replaced_document_sha256 == first
        assert change.document_sha256 == online_act.document_sha256 == sha256(pdf_bytes("v2"))
        assert online_act.document_pdfa == ""  # the new text declares no PDF/A
        seance.minutes = pdf("pv.pdf", text="pv")
        seance.save()
        assert seance.minutes_sha256 == sha256(pdf_bytes("pv"))
        correction = services.correct_minutes(
            seance, reason_fr="Nom mal orthographié.", document=pdf("pv2.pdf", text="pv2")
        )
        seance.refresh_from_db()
        assert correction.replaced_document_sha256 == sha256(pdf_bytes("pv"))
        assert seance.minutes_sha256 == correction.document_sha256 == sha256(pdf_bytes("pv2"))

    def test_the_page_shows_the_previous_texts_fingerprint(self, client, online_act):
        first = online_act.document_sha256
        services.correct_deliberation(online_act, reason_fr="Annexe.", document=pdf("v2.pdf"))
        html = client.get(online_act.get_absolute_url()).content.decode()
        assert f"<code>{first}</code>" in html
        online_act.refresh_from_db()
        assert f"<code>{online_act.document_sha256}</code>" in html

    def test_the_seances_page_shows_the_minutes_fingerprints(self, client, seance):
        seance.minutes = pdf("pv.pdf", text="pv")
        seance.save()
        services.correct_minutes(seance, reason_fr="Coquille.", document=pdf("pv2.pdf", text="v2"))
        html = client.get(seance.get_absolute_url()).content.decode()
        assert f"<code>{sha256(pdf_bytes('pv'))}</code>" in html  # the replaced minutes
        assert f"<code>{sha256(pdf_bytes('v2'))}</code>" in html  # the minutes in force

    def test_the_fingerprint_is_frozen_with_the_text(self, online_act):
        with refused():
            Deliberation.objects.filter(pk=online_act.pk).update(document_sha256="0" * 64)
        with refused():
            Deliberation.objects.filter(pk=online_act.pk).update(document_pdfa="1A")

    def test_a_file_stored_before_fingerprints_gets_one_once(self, online_act):
        """Migration 0010 hashes the files already stored; the database lets an empty digest
        be filled in once, and nothing else of a recorded correction change."""
        change = services.withdraw_deliberation(online_act, reason_fr="Retrait.")
        DeliberationChange.objects.bulk_create(
            [
                DeliberationChange(
                    deliberation=online_act,
                    kind="correction",
                    reason_fr="Ancienne rectification.",
                    replaced_document=online_act.document.name,
                )
            ]
        )
        legacy = DeliberationChange.objects.exclude(pk=change.pk).get()
        assert legacy.replaced_document_sha256 == ""
        migration = __import__(
            f"{migrations_package}.0012_deliberation_legal_mentions_and_scdl", fromlist=["_"]
        )
        migration.hash_stored_files(apps, None)
        legacy.refresh_from_db()
        assert legacy.replaced_document_sha256 == online_act.document_sha256
        with refused():
            DeliberationChange.objects.filter(pk=legacy.pk).update(
                replaced_document_sha256="0" * 64
            )
        with refused():
            DeliberationChange.objects.filter(pk=legacy.pk).update(reason_fr="Autre.")


class TestUploads:
    def test_a_file_that_only_looks_like_a_pdf_is_refused_clearly(self, seance):
        fake = SimpleUploadedFile("faux.pdf", b"%PDF-1.4\nrien\n%%EOF\n")
        act = Deliberation(number="2026-09", subject_fr="Essai", seance=seance, document=fake)
        with pytest.raises(ValidationError) as refused_upload:
            act.full_clean()
        assert refused_upload.value.error_dict["document"][0].code == "pdf_unreadable"

    def test_the_admin_says_why_a_damaged_pdf_is_refused(self, admin_client, seance):
        url = "/gestion/institution/deliberation/add/"
        data = form_data(
            admin_client.get(url),
            number="2026-10",
            subject_fr="Essai",
            seance=str(seance.pk),
            document=SimpleUploadedFile("faux.pdf", b"%PDF-1.4\nrien\n%%EOF\n"),
        )
        response = admin_client.post(url, data)
        assert response.status_code == 200
        assert "ne peut pas être ouvert comme un document PDF" in unescape(
            response.content.decode()
        )
        assert not Deliberation.objects.filter(number="2026-10").exists()


class TestVote:
    def draft(self, seance, **counts):
        return Deliberation(number="2026-11", subject_fr="Vote", seance=seance, **counts)

    def errors(self, act):
        with pytest.raises(ValidationError) as refused_vote:
            act.full_clean()
        return refused_vote.value.message_dict

    def test_more_voters_than_members_in_office_is_refused_on_its_field(self, seance):
        act = self.draft(seance, members_in_office=21, voters=22)
        assert "seulement 21 en exercice" in self.errors(act)["voters"][0]

    def test_the_counts_must_add_up_to_the_voters(self, seance):
        act = self.draft(
            seance, members_in_office=21, voters=20, votes_for=18, votes_against=1, abstentions=0
        )
        assert "font 19, mais 20 membres ont voté" in self.errors(act)["abstentions"][0]

    def test_a_consistent_vote_is_accepted(self, seance):
        self.draft(
            seance, members_in_office=21, voters=20, votes_for=18, votes_against=1, abstentions=1
        ).full_clean()

    def test_the_database_refuses_an_inconsistent_vote_whatever_writes(self, online_act):
        with pytest.raises(IntegrityError), transaction.atomic():
            Deliberation.objects.filter(pk=online_act.pk).update(voters=30)
        with pytest.raises(IntegrityError), transaction.atomic():
            Deliberation.objects.create(
                number="2026-12",
                subject_fr="Vote",
                seance=online_act.seance,
                voters=3,
                votes_for=1,
                votes_against=1,
                abstentions=0,
            )

    def test_the_admin_shows_the_error_on_the_field(self, admin_client, seance):
        url = "/gestion/institution/deliberation/add/"
        data = form_data(
            admin_client.get(url),
            number="2026-13",
            subject_fr="Vote",
            seance=str(seance.pk),
            members_in_office="21",
            voters="25",
        )
        response = admin_client.post(url, data)
        assert response.status_code == 200
        assert "voters" in response.context["adminform"].form.errors


def test_the_prefecture_receives_an_act_after_its_seance(seance):
    act = Deliberation(
        number="2026-14",
        subject_fr="Transmission",
        seance=seance,
        transmitted_on=SEANCE_DAY - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as refused_date:
        act.full_clean()
    assert "transmitted_on" in refused_date.value.message_dict


@pytest.mark.parametrize(
    ("budget", "field"),
    [
        ({"budget_year": "2026"}, "budget_name"),
        ({"budget_name": "Budget principal"}, "budget_year"),
        ({"budget_year": "2027/2026", "budget_name": "Budget annexe"}, "budget_year"),
        ({"budget_year": "26", "budget_name": "Budget annexe"}, "budget_year"),
    ],
)
def test_a_budget_is_a_year_or_an_interval_with_its_name(seance, budget, field):
    act = Deliberation(number="2026-15", subject_fr="Budget", seance=seance, **budget)
    with pytest.raises(ValidationError) as refused_budget:
        act.full_clean()
    assert field in refused_budget.value.message_dict


class TestNewFieldsAreFrozen:
    def test_they_change_only_through_a_correction_which_keeps_what_it_replaced(
        self, client, online_act
    ):
        with refused():
            Deliberation.objects.filter(pk=online_act.pk).update(matter="8.4")
        with refused():
            Deliberation.objects.filter(pk=online_act.pk).update(transmitted_on=SEANCE_DAY)
        change = services.correct_deliberation(
            online_act,
            reason_fr="Date de l'accusé de réception.",
            transmitted_on=datetime.date(2026, 3, 27),
            matter="8.4",
        )
        change.refresh_from_db()
        assert change.replaced_values == {"transmitted_on": "2026-03-26", "matter": "5.7"}
        html = unescape(client.get(online_act.get_absolute_url()).content.decode())
        assert "reçue le 27 mars 2026" in html
        assert "8.4 Aménagement du territoire" in html
        # What the correction replaced, as the public reads it: a date, a named matter.
        assert "26 mars 2026" in html
        assert "5.7 Intercommunalité" in html

    def test_the_frozen_admin_page_shows_them_read_only(self, admin_client, online_act):
        html = unescape(
            admin_client.get(
                f"/gestion/institution/deliberation/{online_act.pk}/change/"
            ).content.decode()
        )
        assert "062-200000000-20260326-2026_04-DE" in html
        assert online_act.document_sha256 in html
        assert 'name="transmission_id"' not in html
        assert 'name="changes-0-transmission_id"' in html  # in the correction form


class TestAtLeastTwoMonthsOnline:
    """An act stays online at least two months (in fact for good): within those two months
    nothing removes it, hides it or postpones it, whoever writes."""

    def test_nothing_removes_or_hides_an_act_put_online_today(self, admin_client, online_act):
        url = f"/gestion/institution/deliberation/{online_act.pk}/delete/"
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
        with refused():
            online_act.delete()
        with refused():
            Deliberation.objects.filter(pk=online_act.pk).update(status="draft")
        with refused():
            Deliberation.objects.filter(pk=online_act.pk).update(
                published_at=timezone.now() + datetime.timedelta(days=90)
            )
        with refused():
            Seance.objects.filter(pk=online_act.seance_id).update(status="draft")
        with pytest.raises(ValidationError):
            online_act.status = "draft"
            online_act.full_clean()

    def test_a_withdrawn_act_stays_in_the_register_and_on_its_page(self, client, online_act):
        services.withdraw_deliberation(online_act, reason_fr="Acte retiré.")
        assert client.get(online_act.get_absolute_url()).status_code == 200
        assert online_act.number in client.get("/actes/").content.decode()


def test_the_signatory_names_are_split_without_losing_anything(online_act):
    """Migration 0010 splits "First Last" into first name and name; the page reads the same,
    and the trigger set aside for that write guards the act again afterwards."""
    with connection.cursor() as cursor:
        # The act's own checks run now: a table with pending ones cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE institution_deliberation DISABLE TRIGGER ALL")
        cursor.execute(
            "UPDATE institution_deliberation SET signatory_first_name = '', "
            "signatory_name = 'Jean-Pierre Corbisez' WHERE id = %s",
            [online_act.pk],
        )
        cursor.execute("ALTER TABLE institution_deliberation ENABLE TRIGGER ALL")
    migration = __import__(
        f"{migrations_package}.0012_deliberation_legal_mentions_and_scdl", fromlist=["_"]
    )
    with connection.schema_editor(atomic=False) as editor:
        migration.split_signatory_names(apps, editor)
    online_act.refresh_from_db()
    assert (online_act.signatory_first_name, online_act.signatory_name) == (
        "Jean-Pierre",
        "Corbisez",
    )
    assert online_act.signatory == "Jean-Pierre Corbisez"
    with refused():
        Deliberation.objects.filter(pk=online_act.pk).update(signatory_name="Autre")


def test_the_poles_siret_is_checked_with_its_checksum():
    identity = PoleIdentity(pk=1, siret="21860194600014")
    with pytest.raises(ValidationError) as refused_siret:
        identity.full_clean()
    assert "SIRET" in refused_siret.value.message_dict["siret"][0]
    PoleIdentity(pk=1, siret="21860194600013").full_clean()


def test_the_admin_offers_the_actes_matters_grouped(admin_client):
    html = unescape(admin_client.get("/gestion/institution/deliberation/add/").content.decode())
    assert '<optgroup label="5 Institutions et vie politique">' in html
    assert '<option value="5.7">5.7 Intercommunalité</option>' in html
    assert '<option value="7.10">7.10 Divers</option>' in html


def test_an_act_whose_file_is_missing_from_the_storage_is_still_corrected(online_act):
    """A database restored without its files: the fingerprint stays empty, nothing breaks."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE institution_deliberation DISABLE TRIGGER ALL")
        cursor.execute(
            "UPDATE institution_deliberation SET document_sha256 = '', "
            "document = 'actes/absent.pdf' WHERE id = %s",
            [online_act.pk],
        )
        cursor.execute("ALTER TABLE institution_deliberation ENABLE TRIGGER ALL")
    change = services.correct_deliberation(online_act, reason_fr="Nom.", signatory_name="Dupont")
    online_act.refresh_from_db()
    assert online_act.signatory_name == "Dupont"
    assert online_act.document_sha256 == ""
    services.correct_deliberation(online_act, reason_fr="Texte.", document=pdf("neuf.pdf"))
    assert online_act.changes.last().replaced_document_sha256 == ""
    assert change.replaced_values == {"signatory_name": "Dagbert"}
