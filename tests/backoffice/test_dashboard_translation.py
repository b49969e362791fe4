"""What the dashboard asks to translate says which fields are missing."""

import io
import re

import pytest
from django.core.management import call_command

from chantiers.models import Objective

pytestmark = pytest.mark.django_db


def test_content_missing_english_names_the_missing_fields(director_client):
    call_command("load_demo", stdout=io.StringIO())
    objective = Objective.objects.first()
    Objective.objects.filter(pk=objective.pk).update(
        summary_en="", body_fr="<p>Texte.</p>", body_en=""
    )
    html = director_client.get("/gestion/").content.decode()
    row = re.search(
        rf'<a href="/gestion/chantiers/objective/{objective.pk}/change/">.*?</tr>', html, re.S
    ).group(0)
    assert "<td>Résumé, Texte</td>" in row
