import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Sum

from pole_artois.institution.models import Page
from territoire.models import Commune, KeyFigures, Member

pytestmark = pytest.mark.django_db


def test_home_shows_figures_computed_from_the_data(
    client, site_wide_values_cached, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/")
    html = response.content.decode()
    assert response.context["figures"] == KeyFigures(
        communes=150,
        population=644_460,
        population_total=650_339,
        intercommunalites=3,
        scots=2,
        departements=1,
        regions=1,
        millesime=2026,
    )
    assert "644\xa0460" in html
    assert "Le territoire en chiffres" in html


def shown_figure(html, label):
    """The figure the home page shows under `label`, as printed (French thousands spacing)."""
    return re.search(rf"<dt>{label}</dt><dd>([^<]+)</dd>", html).group(1)


def french_number(number):
    return f"{number:,}".replace(",", "\xa0")


def test_home_figures_follow_the_data(client):
    lievin = Commune.objects.get(insee_code="62510")
    communes = Commune.objects.in_pole()
    count = communes.count() - 1
    population = communes.aggregate(total=Sum("population_municipale"))["total"]
    population -= lievin.population_municipale
    lievin.delete()
    html = client.get("/").content.decode()
    assert shown_figure(html, "communes") == french_number(count)
    assert shown_figure(html, "habitants") == french_number(population)


def test_home_in_english(client):
    response = client.get("/en/")
    assert '<html lang="en">' in response.content.decode()
    assert "The territory in figures" in response.content.decode()


def test_home_presents_the_pole_in_the_words_its_editors_wrote(client):
    presentation = Page.objects.get(key=Page.Key.PRESENTATION)
    presentation.summary_fr = "Un syndicat mixte au service du bassin minier."
    presentation.summary_en = "A joint body serving the mining basin."
    presentation.save()
    french = client.get("/").content.decode()
    assert "Un syndicat mixte au service du bassin minier." in french
    assert '<a href="/le-pole/">En savoir plus sur le Pôle</a>' in french
    english = client.get("/en/").content.decode()
    assert "A joint body serving the mining basin." in english
    assert '<a href="/en/le-pole/">More about the Pôle</a>' in english


def test_home_reads_well_before_the_presentation_is_written(client):
    Page.objects.filter(key=Page.Key.PRESENTATION).update(summary_fr="", summary_en="")
    html = client.get("/").content.decode()
    assert "En savoir plus sur le Pôle" not in html
    assert "Le territoire en chiffres" in html


def test_load_demo_twice_neither_duplicates_nor_loses_content():
    call_command("load_demo", stdout=io.StringIO())
    Member.objects.filter(slug="lens-lievin").update(description_fr="Texte de la directrice")
    counts = (Member.objects.count(), Commune.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Member.objects.count(), Commune.objects.count()) == counts == (4, 150)
    assert Member.objects.get(slug="lens-lievin").description_fr == "Texte de la directrice"
