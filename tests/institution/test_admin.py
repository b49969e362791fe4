import datetime

import pytest

from pole_artois.institution.models import ActState, Deliberation, PoleIdentity, Seance
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


def test_an_editor_corrects_a_published_act_in_the_admin(admin_client):
    seance = Seance.objects.create(date=datetime.date(2016, 3, 25), status="published")
    act = Deliberation.objects.create(
        number="2016-01",
        subject_fr="Budget",
        seance=seance,
        status="published",
        document=pdf("budget.pdf"),
    )
    old_name = act.document.name
    response = admin_client.post(
        f"/gestion/institution/deliberation/{act.pk}/change/",
        {
            "subject_fr": "Budget",
            "subject_en": "",
            "outcome": "adopted",
            "signatory_name": "",
            "signatory_title_fr": "",
            "signatory_title_en": "",
            "changes-TOTAL_FORMS": "1",
            "changes-INITIAL_FORMS": "0",
            "changes-MIN_NUM_FORMS": "0",
            "changes-MAX_NUM_FORMS": "1000",
            "changes-0-kind": "correction",
            "changes-0-decided_on": "2016-04-02",
            "changes-0-reason_fr": "Erreur de montant.",
            "changes-0-reason_en": "",
            "changes-0-document": pdf("budget-rectifie.pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    act.refresh_from_db()
    assert act.state == ActState.CORRECTED
    assert act.document.name != old_name
    assert act.changes.get().replaced_document.name == old_name
