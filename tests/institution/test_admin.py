import datetime

import pytest

from pole_artois.institution.models import Deliberation, DeliberationState, PoleIdentity, Seance
from tests.helpers import pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "article",
        "comitesyndical",
        "contactmessage",
        "deliberation",
        "historyevent",
        "page",
        "person",
        "seance",
        "staffposition",
    ],
)
def test_every_admin_list_opens(admin_client, model):
    assert admin_client.get(f"/gestion/institution/{model}/").status_code == 200


@pytest.mark.parametrize(
    "model", ["article", "comitesyndical", "deliberation", "historyevent", "person", "seance"]
)
def test_every_admin_add_form_opens(admin_client, model):
    assert admin_client.get(f"/gestion/institution/{model}/add/").status_code == 200


def test_the_identity_opens_directly_and_cannot_be_deleted(admin_client):
    response = admin_client.get("/gestion/institution/poleidentity/")
    assert response["Location"] == "/gestion/institution/poleidentity/1/change/"
    assert admin_client.get(response["Location"]).status_code == 200
    assert admin_client.post("/gestion/institution/poleidentity/1/delete/").status_code == 403
    assert PoleIdentity.objects.filter(pk=1).exists()


def correction_form(**typed):
    """The correction form as the admin shows it under an online act, filled in."""
    return {
        "changes-TOTAL_FORMS": "1",
        "changes-INITIAL_FORMS": "0",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "1000",
        "changes-0-kind": "correction",
        "changes-0-decided_on": "2016-04-02",
        "changes-0-reason_fr": "",
        "changes-0-reason_en": "",
        "changes-0-subject_fr": "Budget",
        "changes-0-subject_en": "",
        "changes-0-outcome": "adopted",
        "changes-0-votes_for": "",
        "changes-0-votes_against": "",
        "changes-0-abstentions": "",
        "changes-0-signatory_name": "",
        "changes-0-signatory_title_fr": "",
        "changes-0-signatory_title_en": "",
        **{f"changes-0-{name}": value for name, value in typed.items()},
    }


@pytest.fixture
def online_act():
    seance = Seance.objects.create(date=datetime.date(2016, 3, 25), status="published")
    return Deliberation.objects.create(
        number="2016-01",
        subject_fr="Budget",
        seance=seance,
        status="published",
        document=pdf("budget.pdf"),
    )


def test_an_editor_corrects_the_text_of_a_published_act_in_the_admin(admin_client, online_act):
    old_name = online_act.document.name
    response = admin_client.post(
        f"/gestion/institution/deliberation/{online_act.pk}/change/",
        correction_form(reason_fr="Erreur de montant.", document=pdf("budget-rectifie.pdf")),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    online_act.refresh_from_db()
    assert online_act.state == DeliberationState.CORRECTED
    assert online_act.document.name != old_name
    assert online_act.changes.get().replaced_document.name == old_name


def test_an_editor_corrects_the_vote_of_a_published_act_in_the_admin(admin_client, online_act):
    url = f"/gestion/institution/deliberation/{online_act.pk}/change/"
    response = admin_client.post(
        url, correction_form(reason_fr="Décompte des voix.", votes_for="41", subject_en="Budget")
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    online_act.refresh_from_db()
    assert (online_act.votes_for, online_act.subject_en) == (41, "Budget")
    assert online_act.changes.get().replaced_values == {"votes_for": None, "subject_en": None}
    html = admin_client.get(url).content.decode()
    assert "Décompte des voix." in html  # the recorded correction, read-only on the act


def test_a_correction_that_changes_nothing_comes_back_with_the_reason_kept(
    admin_client, online_act
):
    response = admin_client.post(
        f"/gestion/institution/deliberation/{online_act.pk}/change/",
        correction_form(reason_fr="Rien à corriger."),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "nouvelles valeurs pour ses champs" in html
    assert "Rien à corriger." in html
    assert not online_act.changes.exists()


def test_an_online_act_saved_from_the_english_admin_is_accepted_unchanged(admin_client):
    """modeltranslation rewrites the untranslated columns in the page's language."""
    seance = Seance.objects.create(date=datetime.date(2016, 3, 25), status="published")
    act = Deliberation.objects.create(
        number="2016-01",
        subject_fr="Budget primitif",
        subject_en="Budget",
        signatory_title_fr="Président",
        signatory_title_en="President",
        seance=seance,
        status="published",
        document=pdf("budget.pdf"),
    )
    response = admin_client.post(
        f"/en/gestion/institution/deliberation/{act.pk}/change/",
        {"changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302
    act.refresh_from_db()
    assert (act.subject_fr, act.subject_en) == ("Budget primitif", "Budget")
