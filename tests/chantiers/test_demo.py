import io
from html import unescape

import pytest

from chantiers import demo as chantiers_demo
from chantiers.models import Chantier, Objective
from partenaires import demo as partenaires_demo
from partenaires.models import Partner, PartnerCategory

pytestmark = pytest.mark.django_db


def load():
    partenaires_demo.load(io.StringIO())
    chantiers_demo.load(io.StringIO())


def test_demo_content_holds_the_brochures_chantiers_objectives_and_partners(client):
    load()
    counts = {
        chantier.slug: chantier.objectives.count() for chantier in Chantier.objects.published()
    }
    assert counts == {
        "archipel-vert": 6,
        "troisieme-revolution-industrielle": 8,
        "culture-population": 3,
    }
    assert Partner.objects.published().filter(category=PartnerCategory.COLLECTIVITE).count() == 3
    assert Partner.objects.published().filter(category=PartnerCategory.INSTITUTION).count() == 8
    euralens = Partner.objects.get(slug="euralens")
    assert euralens.objectives.filter(slug="chaine-des-parcs").exists()
    assert client.get(euralens.get_absolute_url()).status_code == 200
    for objective in Objective.objects.published().select_related("chantier"):
        assert objective.title_en and objective.members.exists()
        assert client.get(objective.get_absolute_url()).status_code == 200


def test_loading_again_duplicates_nothing_and_keeps_the_editors_changes():
    load()
    objective = Objective.objects.get(slug="mobilite")
    objective.title_fr = "Mobilité et déplacements"
    objective.save()
    Objective.objects.filter(slug="interscot").delete()
    partner = Partner.objects.get(slug="cci-artois")
    partner.description_fr = "Texte revu par le directeur."
    partner.save()
    load()
    assert Chantier.objects.count() == 3
    assert Objective.objects.count() == 16
    assert Objective.objects.get(pk=objective.pk).title_fr == "Mobilité et déplacements"
    assert Partner.objects.count() == 11
    assert Partner.objects.get(slug="cci-artois").description_fr == "Texte revu par le directeur."


def test_demo_content_invents_no_status_milestone_nor_figure(client):
    from chantiers.models import Indicator, IndicatorValue, Milestone, StatusChange

    load()
    for model in (StatusChange, Milestone, Indicator, IndicatorValue):
        assert not model.objects.exists(), model
    objective = Objective.objects.published().first()
    html = unescape(client.get(objective.get_absolute_url()).content.decode())
    assert "Aucun jalon n'est encore prévu." in html
