"""The detail pages of the news, acts, séances and events keep their object for visitors until
its tables are written (cached_for_visitors): a délibération, kept with its séance, follows
an edit of the séance."""

import datetime

import pytest

from pole_artois.core.publication import PublicationStatus
from pole_artois.institution.models import Deliberation, Seance
from tests.helpers import page, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept_values_only(settings, site_wide_values_cached, tmp_path):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


def test_a_kept_deliberation_follows_its_seance(client):
    seance = Seance.objects.create(
        date=datetime.date(2016, 3, 25), place="Lens", status=PublicationStatus.PUBLISHED
    )
    deliberation = Deliberation.objects.create(
        number="2016-01",
        subject_fr="Budget primitif",
        seance=seance,
        status=PublicationStatus.PUBLISHED,
        document=pdf(),
        signatory_name="Michel Dagbert",
    )
    assert client.get(deliberation.get_absolute_url()).status_code == 200
    Seance.objects.filter(pk=seance.pk).update(date=datetime.date(2016, 3, 26))
    assert str(Seance.objects.get(pk=seance.pk)) in page(client, deliberation.get_absolute_url())
