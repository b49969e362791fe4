import datetime
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from pole_artois.institution import services
from pole_artois.institution.models import (
    Deliberation,
    DeliberationChange,
    DeliberationState,
    MinutesCorrection,
    Seance,
)
from tests.helpers import pdf

pytestmark = pytest.mark.django_db

PUBLISHED = "published"


def seance(day, status=PUBLISHED):
    return Seance.objects.create(date=day, place="Lens", status=status)


def act(number, subject, on, status=PUBLISHED, **kwargs):
    return Deliberation.objects.create(
        number=number,
        subject_fr=subject,
        seance=on,
        status=status,
        document=pdf(f"{number}.pdf"),
        signatory_name="Michel Dagbert",
        **kwargs,
    )


@pytest.fixture
def register():
    s2016 = seance(datetime.date(2016, 3, 25))
    s2017 = seance(datetime.date(2017, 6, 30))
    return {
        "budget": act("2016-01", "Budget primitif 2016", s2016),
        "statuts": act("2016-02", "Règlement intérieur du comité", s2016),
        "2017": act("2017-01", "Adhésion à Euralens", s2017),
        "draft": act("2017-02", "Projet non publié", s2017, status="draft"),
    }


def numbers(response):
    return [a.number for a in response.context["deliberations"]]


def test_register_lists_published_acts_newest_first(
    client, register, django_assert_max_num_queries
):
    for index in range(10):
        act(f"2017-1{index}", f"Acte {index}", register["2017"].seance)
    with django_assert_max_num_queries(6):
        response = client.get("/actes/")
    assert numbers(response)[:3] == ["2017-19", "2017-18", "2017-17"]
    assert numbers(response)[-2:] == ["2016-02", "2016-01"]
    assert "2017-02" not in numbers(response)
    html = response.content.decode()
    assert f'href="/actes/{register["budget"].pk}/texte.pdf"' in html


def test_register_filters_by_year_and_subject(client, register):
    assert numbers(client.get("/actes/", {"year": 2016})) == ["2016-02", "2016-01"]
    assert numbers(client.get("/actes/", {"q": "budget"})) == ["2016-01"]
    assert numbers(client.get("/actes/", {"q": "2017-01"})) == ["2017-01"]
    assert numbers(client.get("/actes/", {"year": 2017, "q": "budget"})) == []


@pytest.mark.parametrize("year", ["abc", "1990", "2016.5", "99999999999999999999"])
def test_a_bad_year_is_a_form_error_not_a_crash(client, register, year):
    response = client.get("/actes/", {"year": year})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert 'role="alert"' in response.content.decode()


def refused():
    """The database refuses the statement (and the test's transaction goes on)."""
    return _Refused()


class _Refused:
    def __enter__(self):
        self.raises = pytest.raises(IntegrityError)
        self.raises.__enter__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        self.atomic.__exit__(*exc)
        return self.raises.__exit__(*exc)


def test_online_date_is_set_once_at_first_publication(register):
    draft = register["draft"]
    draft.subject_fr = "Projet publié"
    draft.save()  # a draft is edited freely
    assert draft.online_at is None
    services.publish_deliberation(draft)
    first = draft.online_at
    assert first is not None and first <= timezone.now()
    services.correct_deliberation(draft, reason_fr="Coquille.", subject_fr="Projet adopté")
    draft.refresh_from_db()
    assert draft.online_at == first
    with refused():
        Deliberation.objects.filter(pk=draft.pk).update(online_at=timezone.now())


def test_a_published_act_cannot_be_deleted_unpublished_or_silently_replaced(register):
    budget = register["budget"]
    with refused():
        budget.delete()
    with refused():
        Deliberation.objects.filter(number__startswith="2016").delete()
    budget.status = "draft"
    with refused():
        budget.save()
    budget.refresh_from_db()
    budget.document = pdf("autre.pdf")
    with refused():
        budget.save()
    with refused():
        Deliberation.objects.filter(pk=budget.pk).update(status="draft")
    assert Deliberation.objects.get(number="2016-01").status == PUBLISHED
    register["draft"].delete()  # a draft was never official: it may go


@pytest.mark.parametrize(
    "field, value",
    [
        ("subject", "Budget primitif 2061"),
        ("subject_fr", "Budget primitif 2061"),
        ("subject_en", "Budget 2016"),
        ("outcome", "rejected"),
        ("votes_for", 12),
        ("votes_against", 3),
        ("abstentions", 1),
        ("signatory_name", "Quelqu'un d'autre"),
        ("signatory_title_fr", "Vice-président"),
        ("signatory_title_en", "Vice-president"),
        ("number", "2016-99"),
        ("state", "withdrawn"),
    ],
)
def test_the_database_refuses_any_silent_change_of_an_online_act(register, field, value):
    """Whatever writes it (a shell, a script, QuerySet.update()), not only the admin."""
    budget = register["budget"]
    with refused():
        Deliberation.objects.filter(pk=budget.pk).update(**{field: value})
    with refused():
        setattr(budget, field, value)
        budget.save()
    draft = register["draft"]
    Deliberation.objects.filter(pk=draft.pk).update(**{field: value})  # drafts: freely


def test_a_withdrawn_act_never_changes_again(register):
    budget = register["budget"]
    services.withdraw_deliberation(budget, reason_fr="Annulée.")
    with pytest.raises(ValidationError, match="retiré"):
        services.correct_deliberation(budget, reason_fr="Trop tard", subject_fr="Autre")
    assert Deliberation.objects.get(pk=budget.pk).subject_fr == "Budget primitif 2016"


def test_withdrawal_leaves_a_visible_trace(client, register):
    budget = register["budget"]
    services.withdraw_deliberation(
        budget,
        reason_fr="Annulée par le tribunal administratif.",
        decided_on=datetime.date(2016, 6, 1),
    )
    assert budget.state == DeliberationState.WITHDRAWN
    html = unescape(client.get(budget.get_absolute_url()).content.decode())
    assert "Retirée le 1er juin 2016." in html
    assert "Annulée par le tribunal administratif." in html
    assert "(retirée)" in unescape(client.get("/actes/").content.decode())
    with pytest.raises(ValidationError, match="retiré"):
        services.correct_deliberation(budget, reason_fr="Trop tard", document=pdf())
    with refused():
        DeliberationChange.objects.get().delete()


def test_correction_replaces_the_text_and_keeps_the_previous_one(client, register):
    budget = register["budget"]
    old_name = budget.document.name
    services.correct_deliberation(
        budget, reason_fr="Erreur matérielle au montant.", document=pdf("rectifie.pdf")
    )
    assert budget.state == DeliberationState.CORRECTED
    assert budget.document.name != old_name
    change = budget.changes.get()
    assert change.replaced_document.name == old_name
    response = client.get(budget.get_document_url())
    assert response.status_code == 302
    assert response["Location"].endswith(budget.document.name)
    html = unescape(client.get(budget.get_absolute_url()).content.decode())
    assert "Erreur matérielle au montant." in html
    assert change.replaced_document.url in html


def test_a_correction_gives_new_values_and_the_page_shows_the_previous_ones(client, register):
    budget = register["budget"]
    services.correct_deliberation(
        budget,
        reason_fr="Erreur de transcription du vote.",
        decided_on=datetime.date(2016, 4, 2),
        subject_fr="Budget primitif 2016 du Pôle",
        votes_for=40,
        signatory_title_fr="Président",
    )
    stored = Deliberation.objects.get(pk=budget.pk)
    assert stored.subject_fr == "Budget primitif 2016 du Pôle"
    assert stored.votes_for == 40
    assert stored.document.name == register["budget"].document.name  # the text stays
    html = unescape(client.get(budget.get_absolute_url()).content.decode())
    assert "Budget primitif 2016 du Pôle" in html
    assert "Rectifiée le 2 avril 2016." in html
    assert "Avant cette rectification" in html
    assert "Objet (français) : Budget primitif 2016" in html
    assert "Voix pour : —" in html
    assert "The text before this correction" not in html


def test_a_mistake_in_a_correction_is_fixed_by_a_further_correction_never_silently(
    client, register
):
    budget = register["budget"]
    typo = services.correct_deliberation(
        budget, reason_fr="Objet incomplet.", subject_fr="Budget primitf 2016 du Pôle"
    )
    with refused():
        DeliberationChange.objects.filter(pk=typo.pk).update(reason_fr="Objet corrigé.")
    with refused():
        Deliberation.objects.filter(pk=budget.pk).update(subject_fr="Budget primitif 2016 du Pôle")
    services.correct_deliberation(
        budget,
        reason_fr="Coquille de la rectification précédente.",
        subject_fr="Budget primitif 2016 du Pôle",
    )
    assert Deliberation.objects.get(pk=budget.pk).subject_fr == "Budget primitif 2016 du Pôle"
    html = unescape(client.get(budget.get_absolute_url()).content.decode())
    assert "Objet incomplet." in html
    assert "Coquille de la rectification précédente." in html
    assert "Objet (français) : Budget primitf 2016 du Pôle" in html


def test_a_mistake_in_a_corrections_reason_is_fixed_by_a_further_correction(client, register):
    budget = register["budget"]
    services.correct_deliberation(budget, reason_fr="Erreur de vote.", votes_for=40)
    services.correct_deliberation(
        budget, reason_fr="Erratum : la rectification précédente portait sur le nombre de voix."
    )
    assert Deliberation.objects.get(pk=budget.pk).votes_for == 40
    html = unescape(client.get(budget.get_absolute_url()).content.decode())
    assert "Erreur de vote." in html
    assert "Erratum : la rectification précédente portait sur le nombre de voix." in html


def test_a_correction_must_change_something(register):
    with pytest.raises(ValidationError, match="nouvelles valeurs"):
        services.correct_deliberation(
            register["budget"], reason_fr="Rien.", subject_fr="Budget primitif 2016"
        )
    assert not DeliberationChange.objects.exists()


def test_a_draft_cannot_be_corrected_only_edited(register):
    with pytest.raises(ValidationError):
        services.correct_deliberation(register["draft"], reason_fr="x", document=pdf())


def test_act_page_and_seance_page(client, register, django_assert_max_num_queries):
    budget = register["budget"]
    with django_assert_max_num_queries(4):
        html = unescape(client.get(budget.get_absolute_url()).content.decode())
    assert "Délibération n° 2016-01" in html
    assert "Budget primitif 2016" in html
    assert "Michel Dagbert" in html
    with django_assert_max_num_queries(4):
        html = unescape(client.get(budget.seance.get_absolute_url()).content.decode())
    assert "Séance du comité syndical du 25 mars 2016" in html
    assert html.index("2016-01") < html.index("2016-02")
    assert "2017-01" not in html


def test_seance_list_counts_each_seances_published_acts_page_by_page(client, register):
    for day in range(20):
        seance(datetime.date(2018, 1, day + 1))
    first = client.get("/actes/seances/")
    assert [s.deliberation_count for s in first.context["seances"]] == [0] * 20
    assert first.context["paginator"].count == 22
    second = client.get("/actes/seances/", query_params={"page": 2})
    # The oldest last: 2017 (one act online, the draft not counted), then 2016 (two).
    assert [(s.date.year, s.deliberation_count) for s in second.context["seances"]] == [
        (2017, 1),
        (2016, 2),
    ]
    assert client.get("/actes/seances/", query_params={"page": 3}).status_code == 404


def test_drafts_are_404_for_the_public_and_previewed_by_staff(client, admin_client, register):
    draft = register["draft"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_document_url()).status_code == 404
    assert client.get("/actes/999999/").status_code == 404
    assert "Brouillon — aperçu" in admin_client.get(draft.get_absolute_url()).content.decode()


def test_a_drafts_pdf_cannot_be_found_by_guessing_its_name(client, register):
    """`/media/` serves any stored file: the address of a draft's text must not be guessable."""
    stored = register["draft"].document.name
    year = timezone.now().year
    assert stored.endswith("/2017-02.pdf")
    assert client.get(f"/media/actes/{year}/2017-02.pdf").status_code == 404
    assert client.get(f"/media/{stored}").status_code == 200


def test_publishing_needs_the_pdf_and_a_published_seance(register):
    hidden = seance(datetime.date(2018, 1, 1), status="draft")
    no_text = Deliberation(
        number="2018-01", subject_fr="Sans texte", seance=hidden, status=PUBLISHED
    )
    with pytest.raises(ValidationError) as error:
        no_text.full_clean()
    assert set(error.value.message_dict) == {"document", "seance"}


def test_register_in_english(client, register):
    html = client.get("/en/actes/").content.decode()
    assert '<html lang="en">' in html
    assert "Official acts" in html
    assert "Budget primitif 2016" in html  # no English subject: French is shown


def test_admin_shows_a_published_act_read_only_and_refuses_its_deletion(admin_client, register):
    budget = register["budget"]
    url = f"/gestion/institution/deliberation/{budget.pk}/change/"
    html = unescape(admin_client.get(url).content.decode())
    for field in ("document", *Deliberation.CORRECTABLE_FIELDS):
        assert f'name="{field}"' not in html, field
        assert f'name="changes-0-{field}"' in html or field == "document", field
    assert 'name="changes-0-document"' in html
    assert 'value="Budget primitif 2016"' in html  # the correction starts from what is online
    assert "ne peut donc plus être modifié ici" in html
    admin_client.post(url, {"subject_fr": "Changé en douce", "votes_for": "99"})
    assert Deliberation.objects.get(pk=budget.pk).subject_fr == "Budget primitif 2016"
    response = admin_client.post(f"/gestion/institution/deliberation/{budget.pk}/delete/")
    assert response.status_code == 403
    assert Deliberation.objects.filter(pk=budget.pk).exists()


class TestMinutes:
    """The minutes (procès-verbal) of a séance are published acts too."""

    @pytest.fixture
    def seance_with_minutes(self):
        published = seance(datetime.date(2016, 3, 25))
        published.minutes = pdf("pv-25-mars.pdf", "version approuvée")
        published.save()
        return published

    def test_published_minutes_are_not_replaced_silently(self, seance_with_minutes):
        original = seance_with_minutes.minutes.name
        seance_with_minutes.minutes = pdf("pv-autre.pdf", "autre version")
        with refused():
            seance_with_minutes.save()
        with refused():
            Seance.objects.update(minutes="actes/autre.pdf")
        assert Seance.objects.get().minutes.name == original

    def test_the_minutes_of_a_draft_seance_are_simply_replaced(self):
        draft = seance(datetime.date(2017, 6, 30), status="draft")
        draft.minutes = pdf("pv-projet.pdf")
        draft.save()
        draft.minutes = pdf("pv-definitif.pdf")
        draft.save()
        assert draft.minutes.name.endswith("/pv-definitif.pdf")
        with pytest.raises(ValidationError):
            services.correct_minutes(draft, reason_fr="x", document=pdf())

    def test_a_correction_replaces_them_and_the_page_shows_why_and_the_previous_ones(
        self, client, seance_with_minutes, django_assert_max_num_queries
    ):
        original = seance_with_minutes.minutes.name
        correction = services.correct_minutes(
            seance_with_minutes,
            reason_fr="Nom d'un délégué mal orthographié.",
            document=pdf("pv-rectifie.pdf", "version rectifiée"),
        )
        assert seance_with_minutes.minutes.name.endswith("/pv-rectifie.pdf")
        assert correction.replaced_document.name == original
        with django_assert_max_num_queries(5):
            response = client.get(seance_with_minutes.get_absolute_url())
        html = unescape(response.content.decode())
        assert "Rectifications du procès-verbal" in html
        assert "Nom d'un délégué mal orthographié." in html
        assert f'href="{correction.replaced_document.url}"' in html
        assert f'href="{seance_with_minutes.minutes.url}"' in html
        with refused():
            correction.save()
        with refused():
            correction.delete()
        with refused():
            MinutesCorrection.objects.update(reason_fr="Autre raison.")

    def test_the_admin_shows_published_minutes_read_only_with_the_correction_form(
        self, admin_client, seance_with_minutes
    ):
        html = admin_client.get(
            f"/gestion/institution/seance/{seance_with_minutes.pk}/change/"
        ).content.decode()
        assert 'name="minutes"' not in html
        assert 'name="minutes_corrections-0-reason_fr"' in html


def test_an_act_is_public_only_once_its_seance_is(client, register):
    later = seance(datetime.date(2018, 1, 15), status="draft")
    hidden = act("2018-01", "Acte d'une séance en préparation", later)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert "2018-01" not in client.get("/actes/").content.decode()
    later.status = PUBLISHED
    later.save()
    assert client.get(hidden.get_absolute_url()).status_code == 200


def test_a_seance_whose_acts_are_online_cannot_be_taken_offline(register):
    seance_2016 = register["budget"].seance
    seance_2016.status = "draft"
    with pytest.raises(ValidationError) as error:
        seance_2016.full_clean()
    assert "status" in error.value.message_dict
    with refused():
        seance_2016.save()
    with refused():
        Seance.objects.filter(pk=seance_2016.pk).update(status="draft")
    assert Seance.objects.get(pk=seance_2016.pk).status == PUBLISHED


class TestMinutesStayOnline:
    """Unpublish, swap, republish would replace the minutes without a trace."""

    def test_a_seance_whose_minutes_are_online_is_neither_unpublished_nor_deleted(self):
        published = seance(datetime.date(2016, 3, 25))
        published.minutes = pdf("pv.pdf")
        published.save()
        published.status = "draft"
        with refused():
            published.save()
        with refused():
            Seance.objects.get(pk=published.pk).delete()
        with refused():
            Seance.objects.all()._raw_delete("default")

    def test_the_list_action_refuses_it_with_a_message_and_takes_the_others_offline(
        self, admin_client
    ):
        locked = seance(datetime.date(2016, 3, 25))
        locked.minutes = pdf("pv.pdf")
        locked.save()
        free = seance(datetime.date(2017, 6, 30))
        response = admin_client.post(
            "/gestion/institution/seance/",
            {"action": "unpublish_selected", "_selected_action": [locked.pk, free.pk]},
            follow=True,
        )
        assert response.status_code == 200
        assert "reste publiée" in unescape(response.content.decode())
        assert Seance.objects.get(pk=locked.pk).status == PUBLISHED
        assert Seance.objects.get(pk=free.pk).status == "draft"


class TestMinutesInTheAdmin:
    @pytest.fixture
    def seance_with_minutes(self):
        published = seance(datetime.date(2016, 3, 25))
        published.minutes = pdf("pv-25-mars.pdf", "version approuvée")
        published.save()
        act("2016-01", "Budget primitif 2016", published)
        return published

    def test_the_page_asks_once_whether_the_minutes_are_online(
        self, admin_client, seance_with_minutes, django_assert_max_num_queries
    ):
        url = f"/gestion/institution/seance/{seance_with_minutes.pk}/change/"
        admin_client.get(url)  # the session and the user's permissions are read once
        with django_assert_max_num_queries(9) as queries:
            html = unescape(admin_client.get(url).content.decode())
        assert "ne peut donc plus être remplacé ici" in html
        reads = [q["sql"] for q in queries.captured_queries]
        assert sum('FROM "institution_seance"' in sql for sql in reads) == 1, reads

    def test_a_correction_recorded_in_the_admin_replaces_the_minutes(
        self, admin_client, seance_with_minutes
    ):
        original = seance_with_minutes.minutes.name
        response = admin_client.post(
            f"/gestion/institution/seance/{seance_with_minutes.pk}/change/",
            {
                "date": "2016-03-25",
                "place": "Lens",
                "agenda_fr": "",
                "agenda_en": "",
                "status": PUBLISHED,
                "published_at_0": "2016-03-25",
                "published_at_1": "10:00:00",
                "minutes_corrections-TOTAL_FORMS": "1",
                "minutes_corrections-INITIAL_FORMS": "0",
                "minutes_corrections-MIN_NUM_FORMS": "0",
                "minutes_corrections-MAX_NUM_FORMS": "1000",
                "minutes_corrections-0-decided_on": "2016-04-02",
                "minutes_corrections-0-reason_fr": "Nom d'un délégué.",
                "minutes_corrections-0-reason_en": "",
                "minutes_corrections-0-document": pdf("pv-rectifie.pdf"),
            },
        )
        assert response.status_code == 302, response.content.decode()[-3000:]
        stored = Seance.objects.get()
        assert stored.minutes.name.endswith("/pv-rectifie.pdf")
        assert stored.minutes_corrections.get().replaced_document.name == original
