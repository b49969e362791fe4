"""The délibérations in the national SCDL format: validated by frictionless against the official
schema file (vendored) and by the schema's custom checks, which frictionless ignores."""

import csv
import datetime
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from frictionless import Resource, Schema

from pole_artois.institution import services
from pole_artois.institution.models import Deliberation, PoleIdentity, Seance
from tests.discovery.scdl_checks import custom_check_errors
from tests.helpers import pdf

pytestmark = pytest.mark.django_db

SCHEMA_FILE = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "schemas"
    / "scdl-deliberations-2.1.5"
    / "schema.json"
)
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
COLUMNS = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
]
# The SCDL's own example of a valid SIRET (Ville de Poitiers); the Pôle's stays empty in the demo.
SIRET = "21860194600013"
URL = "/donnees/deliberations-scdl.csv"


def frictionless_errors(body):
    resource = Resource(
        data=body, format="csv", encoding="utf-8", schema=Schema.from_descriptor(SCHEMA)
    )
    report = resource.validate()
    return [f"{error.type}: {error.note}" for task in report.tasks for error in task.errors]


def download(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


def rows_of(body):
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def assert_valid(body):
    """The file follows the schema: its format, its columns, its cells and its custom checks."""
    assert not body.startswith(b"\xef\xbb\xbf"), "the schema's CSV is UTF-8 without BOM"
    header = body.decode("utf-8").splitlines()[0]
    assert header.split(",") == [field["name"] for field in SCHEMA["fields"]] == COLUMNS
    assert frictionless_errors(body) == []
    assert custom_check_errors(SCHEMA, rows_of(body)) == []


def test_the_vendored_schema_is_version_2_1_5():
    assert SCHEMA["version"] == "2.1.5"
    assert SCHEMA["path"].endswith("/v2.1.5/schema.json")
    assert {check["name"] for check in SCHEMA["custom_checks"]} == {
        "french-siret-value",
        "year-interval-value",
        "cohesive-columns-value",
        "compare-columns-value",
        "sum-columns-value",
        "nomenclature-actes-value",
    }


def test_with_the_demo_content_the_file_is_valid(client):
    call_command("load_demo", stdout=io.StringIO())
    assert PoleIdentity.load().siret == ""
    body = download(client)
    assert_valid(body)
    assert rows_of(body) == []


@pytest.fixture
def register():
    PoleIdentity.objects.update_or_create(pk=1, defaults={"siret": SIRET})
    seance = Seance.objects.create(date=datetime.date(2024, 3, 25), status="published")

    def act(number, status="published", **fields):
        return Deliberation.objects.create(
            number=number,
            subject_fr=f"Objet {number}",
            seance=seance,
            status=status,
            document=pdf(f"{number}.pdf"),
            **fields,
        )

    return {
        "full": act(
            "2024-01",
            matter="7.1",
            members_in_office=21,
            voters=20,
            votes_for=18,
            votes_against=1,
            abstentions=1,
            budget_year="2024",
            budget_name="Budget principal",
            control_authority="PREF062",
            transmission_id="062-200000000-20240326-2024_01-DE",
            transmitted_on=datetime.date(2024, 3, 26),
        ),
        "bare": act("2024-02", matter="5.7"),
        "partial vote": act("2024-03", matter="8.4", votes_for=12, votes_against=3),
        "interval": act(
            "2024-04", matter="1.5", budget_year="2024/2025", budget_name="Budget annexe"
        ),
        "no matter": act("2024-05"),
        "draft": act("2024-06", matter="5.2", status="draft"),
    }


def test_generated_acts_make_a_valid_file(client, register, django_assert_max_num_queries):
    services.withdraw_deliberation(register["bare"], reason_fr="Erreur matérielle.")
    with django_assert_max_num_queries(2):
        body = download(client)
    assert_valid(body)
    rows = {row["DELIB_ID"]: row for row in rows_of(body)}
    # Acts without their ACTES matter, which the schema requires, and drafts are left out.
    assert set(rows) == {"2024-01", "2024-02", "2024-03", "2024-04"}
    full = rows["2024-01"]
    assert full["COLL_NOM"] == "Pôle métropolitain de l'Artois"
    assert full["COLL_SIRET"] == SIRET
    assert full["DELIB_DATE"] == "2024-03-25"
    assert full["DELIB_MATIERE_CODE"] == "7.1"
    assert full["DELIB_MATIERE_NOM"].startswith("finances locales/décisions budgétaires")
    assert (full["BUDGET_ANNEE"], full["BUDGET_NOM"]) == ("2024", "Budget principal")
    assert (full["PREF_ID"], full["PREF_DATE"]) == ("PREF062", "2024-03-26")
    assert [full[name] for name in COLUMNS[11:16]] == ["21", "20", "18", "1", "1"]
    assert full["DELIB_URL"] == f"http://testserver/actes/{register['full'].pk}/texte.pdf"
    bare = rows["2024-02"]
    assert bare["DELIB_MATIERE_NOM"] == "institutions et vie politique/intercommunalité"
    assert all(bare[name] == "" for name in COLUMNS[7:16])
    # The schema wants the five counts together: an incomplete vote is left out of this file.
    assert all(rows["2024-03"][name] == "" for name in COLUMNS[11:16])


def test_without_the_poles_siret_the_file_has_no_rows(client, register):
    PoleIdentity.objects.update(siret="")
    body = download(client)
    assert_valid(body)
    assert rows_of(body) == []


BAD_ROWS = {
    "COLL_SIRET": "21860194600014",
    "BUDGET_ANNEE": "2025/2024",
    "BUDGET_NOM": "",
    "PREF_DATE": "2024-03-01",
    "VOTE_REEL": "22",
    "DELIB_MATIERE_NOM": "institutions et vie politique/urbanisme",
}


@pytest.mark.parametrize(("column", "value"), BAD_ROWS.items())
def test_the_custom_checks_catch_a_wrong_row(column, value):
    good = {
        **dict.fromkeys(COLUMNS, ""),
        "COLL_NOM": "Pôle",
        "COLL_SIRET": SIRET,
        "DELIB_ID": "1",
        "DELIB_DATE": "2024-03-25",
        "DELIB_MATIERE_CODE": "5.7",
        "DELIB_MATIERE_NOM": "institutions et vie politique/intercommunalité",
        "DELIB_OBJET": "Objet",
        "BUDGET_ANNEE": "2024/2025",
        "BUDGET_NOM": "Budget annexe",
        "PREF_DATE": "2024-03-26",
        "VOTE_EFFECTIF": "21",
        "VOTE_REEL": "20",
        "VOTE_POUR": "18",
        "VOTE_CONTRE": "1",
        "VOTE_ABSTENTION": "1",
    }
    assert custom_check_errors(SCHEMA, [good]) == []
    errors = custom_check_errors(SCHEMA, [{**good, column: value}])
    assert errors, f"{column}={value!r} passed"
    assert all(error.startswith("line 2: ") for error in errors)


def test_frictionless_catches_what_the_schema_itself_says(client, register):
    body = download(client).decode("utf-8")
    broken = body.replace(",5.7,", ",cinq,", 1).replace(",2024-03-25,", ",25/03/2024,", 1)
    errors = frictionless_errors(broken.encode())
    assert any("pattern" in error for error in errors)
    assert any(error.startswith("type-error") for error in errors)


def test_the_acts_file_gives_each_texts_fingerprint(client, register):
    body = b"".join(client.get("/donnees/actes.csv").streaming_content).decode("utf-8")
    rows = {row["numero"]: row for row in csv.DictReader(io.StringIO(body.removeprefix("\ufeff")))}
    act = register["full"]
    with act.document.open("rb") as stored:
        assert rows[act.number]["texte_sha256"] == hashlib.sha256(stored.read()).hexdigest()
