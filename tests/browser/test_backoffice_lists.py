"""Every list of the back office fits a common laptop screen: no sideways scrolling at 1366 px.

(The back office's browser test, here to share this folder's Chromium and live server.)
"""

import datetime

import pytest
from django.contrib import admin

from chantiers.models import Objective
from pole_artois.backoffice.roles import CONTENT_APPS, DIRECTION
from pole_artois.institution.models import Article, ContactMessage, Deliberation, Event, Seance
from tests.factories import make_update
from tests.helpers import PASSWORD, staff_user

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
LONG_TITLE = (
    "Le comité syndical adopte le schéma de cohérence territoriale révisé et lance la "
    "concertation sur le plan climat-air-énergie territorial"
)

# The page, or the list's own box (Django's admin scrolls a wide table inside `.results`).
SIDEWAYS = """() => {
  const overflow = [];
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth) overflow.push(`page: ${page.scrollWidth}px`);
  for (const box of document.querySelectorAll(".results")) {
    if (box.scrollWidth > box.clientWidth) overflow.push(`list: ${box.scrollWidth}px`);
  }
  return overflow;
}"""


def fill_the_lists_the_demo_leaves_empty():
    """Rows as long as staff write them, in the lists the demo content does not fill."""
    objective = Objective.objects.first()
    make_update(objective, title_fr=LONG_TITLE)
    Article.objects.create(title_fr=LONG_TITLE, summary_fr="…", image_decorative=True)
    ContactMessage.objects.create(
        name="Camille Dupont-Martin",
        email="camille.dupont-martin@agglo-lenslievin.example.fr",
        subject=LONG_TITLE,
        message="…",
    )
    seance = Seance.objects.create(
        date=datetime.date(2026, 3, 12),
        place="Salle du conseil communautaire, hôtel communautaire de Lens-Liévin",
    )
    Deliberation.objects.create(number="2026-03-12-07", subject=LONG_TITLE, seance=seance)
    Event.objects.create(
        title_fr=LONG_TITLE,
        date=datetime.date(2026, 5, 20),
        place="Salle du conseil communautaire, hôtel communautaire de Lens-Liévin",
        cancelled_on=datetime.date(2026, 5, 1),
        cancellation_reason_fr="Reportée.",
    )


def test_no_list_needs_sideways_scrolling_on_a_laptop(site_url, chromium, tmp_path):
    staff_user("directrice", DIRECTION)
    fill_the_lists_the_demo_leaves_empty()
    lists = sorted(
        f"/gestion/{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin.site._registry
        if model._meta.app_label in CONTENT_APPS
    )
    context = chromium.new_context(locale="fr-FR", viewport=LAPTOP)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/gestion/login/")
        page.fill("#id_username", "directrice")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        too_wide = {}
        for path in lists:
            page.goto(f"{site_url}{path}")
            overflow = page.evaluate(SIDEWAYS)
            if overflow:
                # What the person sees, to decide which column to drop.
                shot = tmp_path / f"{path.strip('/').replace('/', '-')}.png"
                page.screenshot(path=shot)
                too_wide[path] = (overflow, str(shot))
    finally:
        context.close()
    assert not too_wide
