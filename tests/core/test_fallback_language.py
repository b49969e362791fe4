"""French shown on an English page, where a translation is missing, is marked as French."""

import pytest
from django.utils import translation

from tests.factories import make_objective

pytestmark = pytest.mark.django_db


def test_french_standing_in_for_a_missing_translation_is_marked_as_french(client):
    """RGAA 8.7: a screen reader must read it with a French voice on an English page."""
    translated = make_objective(title_fr="Chaîne des parcs", title_en="Chain of Parks")
    untranslated = make_objective(
        translated.chantier, title_fr="Voie d'eau", summary_fr="Protéger la ressource."
    )
    with translation.override("en"):
        english_url = untranslated.get_absolute_url()
    with translation.override("fr"):
        french_url = untranslated.get_absolute_url()
    html = client.get(english_url).content.decode()
    assert '<h1 lang="fr">Voie d&#x27;eau</h1>' in html
    assert '<p class="lead" lang="fr">Protéger la ressource.</p>' in html
    assert 'lang="fr">Chain of Parks' not in html
    french = client.get(french_url).content.decode()
    assert '<h1 lang="fr">' not in french
