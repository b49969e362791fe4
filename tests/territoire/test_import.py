import io
import json

import pytest
from django.core.management import CommandError, call_command

from territoire.models import Commune, Member

pytestmark = pytest.mark.django_db

LENS_LIEVIN = "246200364"


LENS = {
    "code": "62498",
    "siren": "216204982",
    "nom": "Lens",
    "populationTotale": 33000,
    "populationMunicipale": 32700,
}
LIEVIN = {
    "code": "62510",
    "siren": "216205104",
    "nom": "Liévin",
    "populationTotale": 30500,
    "populationMunicipale": 30100,
}
LENS_COG = {
    "code": "62498",
    "nom": "Lens",
    "type": "commune-actuelle",
    "codesPostaux": ["62300"],
    "departement": "62",
    "region": "32",
}
LIEVIN_COG = {**LENS_COG, "code": "62510", "nom": "Liévin", "codesPostaux": ["62800"]}


def with_lens_communes(rows):
    """The three agglomerations, Lens-Liévin's communes being `rows`."""
    return [
        {"code": LENS_LIEVIN, "nom": "CA de Lens - Liévin", "membres": rows},
        {"code": "246200299", "nom": "CA d'Hénin-Carvin", "membres": []},
        {"code": "200072460", "nom": "CA de Béthune-Bruay", "membres": []},
    ]


def write_source(directory, epci=None, communes=None):
    """A tiny source: two communes of Lens-Liévin, and the two other agglomerations empty."""
    if epci is None:
        epci = with_lens_communes([LENS, LIEVIN])
    if communes is None:
        communes = [LENS_COG, LIEVIN_COG]
    for name, data in (("epci.json", epci), ("communes.json", communes)):
        (directory / name).write_text(data if isinstance(data, str) else json.dumps(data))
    return directory


def run(source, *args):
    out = io.StringIO()
    call_command("import_decoupage", str(source), "--millesime", "2027", *args, stdout=out)
    return out.getvalue()


def test_import_replaces_the_territory_and_reports_it(tmp_path):
    before = Commune.objects.count()
    output = run(write_source(tmp_path))

    assert Commune.objects.count() == 2
    lens = Commune.objects.get(insee_code="62498")
    assert (lens.population_municipale, lens.population_totale, lens.millesime) == (
        32700,
        33000,
        2027,
    )
    assert lens.postal_codes == ["62300"]
    assert lens.member.slug == "lens-lievin"
    assert f"{before - 2} removed" in output
    assert "2 updated" in output


def test_reimport_changes_nothing(tmp_path):
    source = write_source(tmp_path)
    run(source)
    assert run(source).startswith("0 created, 0 updated, 0 removed, 2 unchanged.")


def test_editorial_fields_survive_a_reimport(tmp_path):
    source = write_source(tmp_path)
    run(source)
    Commune.objects.filter(insee_code="62510").update(description_fr="Ville du Louvre-Lens voisin")
    run(source)
    assert Commune.objects.get(insee_code="62510").description_fr == "Ville du Louvre-Lens voisin"


def test_dry_run_writes_nothing(tmp_path):
    before = set(Commune.objects.values_list("insee_code", "population_municipale"))
    output = run(write_source(tmp_path), "--dry-run")
    assert output.startswith("[dry run]")
    assert set(Commune.objects.values_list("insee_code", "population_municipale")) == before


@pytest.mark.parametrize(
    ("epci", "communes", "message"),
    [
        ("{not json", None, "epci.json: not valid JSON"),
        (None, "[", "communes.json: not valid JSON"),
        ([{"code": LENS_LIEVIN, "nom": "x", "membres": []}], None, "no EPCI with SIREN 246200299"),
        (
            [
                {"code": LENS_LIEVIN, "membres": [{"code": "62498"}]},
                {"code": "246200299", "membres": []},
                {"code": "200072460", "membres": []},
            ],
            None,
            "malformed record",
        ),
        ({"not": "a list"}, None, "expected a list"),
        (with_lens_communes([None]), None, "not an object"),
        (with_lens_communes([{**LENS, "nom": None}]), None, "'nom' missing"),
        (with_lens_communes([{**LENS, "populationMunicipale": -1}]), None, "not a population"),
        (with_lens_communes([LENS, LENS]), None, "listed in two member agglomerations"),
        (None, [{**LENS_COG, "codesPostaux": "62300"}], "malformed postal codes"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path, epci, communes, message):
    before = set(Commune.objects.values_list("insee_code", "population_municipale"))
    with pytest.raises(CommandError, match=message) as error:
        run(write_source(tmp_path, epci=epci, communes=communes))
    assert "Nothing was written" in str(error.value)
    assert set(Commune.objects.values_list("insee_code", "population_municipale")) == before


def test_missing_file_is_refused(tmp_path):
    (tmp_path / "epci.json").write_text("[]")
    with pytest.raises(CommandError, match=r"communes.json: cannot be read"):
        run(tmp_path)


def test_a_commune_missing_from_the_cog_is_refused(tmp_path):
    source = write_source(tmp_path, communes=[])
    with pytest.raises(CommandError, match="commune 62498 of CA de Lens - Liévin is missing"):
        run(source)


def test_the_vintage_is_required(tmp_path):
    source = write_source(tmp_path)
    with pytest.raises(CommandError, match="--millesime"):
        call_command("import_decoupage", str(source), stdout=io.StringIO())


def test_the_shipped_2026_data_gives_the_official_figures():
    members = {member.slug: member for member in Member.objects.with_figures()}
    assert members["lens-lievin"].commune_count == 36
    assert members["henin-carvin"].commune_count == 14
    assert members["bethune-bruay"].commune_count == 100
    total = sum(m.population or 0 for m in members.values())
    assert total == 644_460
    assert members["bethune-bruay"].official_name == "CA de Béthune-Bruay, Artois-Lys Romane"


def test_the_report_says_what_changed_from_what_to_what(tmp_path):
    source = write_source(tmp_path)
    run(source)
    moved = with_lens_communes([{**LENS, "populationMunicipale": 32800}])
    moved[1]["membres"] = [LIEVIN]
    output = run(write_source(tmp_path, epci=moved))
    assert "~ Lens: population_municipale: 32700 → 32800" in output
    assert "~ Liévin: member: Lens-Liévin → Hénin-Carvin" in output
