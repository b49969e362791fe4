"""Every public page is built with at most 6 queries, however much content there is.

The page cache is off here: what is counted is the real work of each page. What every page shows
(the footer's identity record) is read once for the whole site, then kept until it is next
written: it is read before counting. Add each new page type to `public_pages()` when it lands.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chantiers.models import Chantier, Objective
from partenaires.models import Partner
from pole_artois.institution.models import Article, Deliberation, Event, Seance
from territoire.models import Commune, Member, Scot
from tests.helpers import pdf, read_site_wide_values

pytestmark = pytest.mark.django_db

MAX_QUERIES = 6


def public_pages():
    """One page of each type, from the demo content: name → path."""
    pages = {
        "home": "/",
        "home (en)": "/en/",
        "territory": "/territoire/",
        "member": "/territoire/lens-lievin/",
        "commune directory": "/territoire/communes/",
        "commune directory, filtered": "/territoire/communes/?q=a&member=henin-carvin&sort=name",
        "commune": "/territoire/communes/62510-lievin/",
        "what concerns a commune": "/territoire/communes/62510/le-pole-ici/",
        "chantiers": "/chantiers/",
        "tracking": "/chantiers/suivi/?status=under-way&sort=milestone",
        "partners": "/partenaires/",
        "the Pôle": "/le-pole/",
        "news": "/actualites/",
        "acts register": "/actes/",
        "séances": "/actes/seances/",
        "agenda": "/agenda/",
        "agenda, page 2": "/agenda/?page=2",
        "contact": "/contact/",
        "legal notice": "/mentions-legales/",
        "accessibility statement": "/accessibilite/",
        "DCAT catalogue": "/donnees/catalogue.jsonld",
        "SCDL catalogue": "/donnees/catalogue.csv",
        "site map": "/plan-du-site/",
        "search": "/recherche/?q=mobilit%C3%A9",
        "search, one kind": "/recherche/?q=archipel&kind=chantiers",
        "open data": "/donnees/",
        "follow by e-mail": "/suivre/",
        "follow by e-mail, request sent": "/suivre/demande-envoyee/",
    }
    if objective := Objective.objects.published().first():
        pages["follow an objective by e-mail"] = f"/suivre/?objectif={objective.pk}"
    for name, model in [
        ("chantier", Chantier),
        ("objective", Objective),
        ("partner", Partner),
        ("article", Article),
        ("délibération", Deliberation),
        ("séance", Seance),
        ("event", Event),
    ]:
        if first := model.objects.published().first():
            pages[name] = first.get_absolute_url()
    return pages


def institution_content():
    """What the demo lacks (the brochure gives no news nor acts): one of each, linked up."""
    news = Article.objects.create(
        title_fr="Une actualité", slug="une-actualite", summary_fr="Résumé", status="published"
    )
    news.objectives.set(Objective.objects.published()[:2])
    # Liévin's page lists what names it, and what names its agglomeration.
    lievin = Commune.objects.get(insee_code="62510")
    news.communes.add(lievin)
    Objective.objects.published().first().agglomerations.add(lievin.member)
    seance = Seance.objects.create(
        date=datetime.date(2016, 3, 25), place="Lens", status="published"
    )
    Deliberation.objects.create(
        number="2016-01",
        subject_fr="Budget primitif",
        seance=seance,
        status="published",
        document=pdf(),
        signatory_name="Michel Dagbert",
    )
    # The agenda: what is coming and what is past, of both kinds.
    soon = datetime.date.today() + datetime.timedelta(days=20)
    Seance.objects.create(date=soon, place="Lens", agenda_fr="<p>Budget</p>", status="published")
    Event.objects.create(title_fr="Forum", date=soon, status="published")
    Event.objects.create(title_fr="Visite", date=datetime.date(2016, 5, 1), status="published")


def more_content():
    """More of everything the lists show: communes, SCoTs, and copies of the demo's items."""
    lens = Member.objects.get(slug="lens-lievin")
    Commune.objects.bulk_create(
        Commune(
            insee_code=f"99{100 + number}",
            name=f"Commune d'essai {number}",
            slug=f"commune-dessai-{number}",
            search_name=f"commune d'essai {number}",
            population_municipale=1000 + number,
            millesime=2026,
            member=lens,
        )
        for number in range(60)
    )
    for number in range(5):
        scot = Scot.objects.create(name=f"SCoT d'essai {number}", slug=f"scot-essai-{number}")
        scot.members.set(Member.objects.all())
    for model in (Chantier, Objective, Partner, Article, Deliberation, Seance, Event):
        for item in list(model.objects.published()[:5]):
            copy_with_relations(item)


def copy_with_relations(item):
    relations = {
        field.name: list(getattr(item, field.name).all()) for field in item._meta.many_to_many
    }
    item.pk = item.id = None
    for field in ("slug", "number"):
        if hasattr(item, field):
            setattr(
                item,
                field,
                f"{getattr(item, field)}-bis"[: item._meta.get_field(field).max_length or 50],
            )
    item._state.adding = True
    item.save()
    for name, related in relations.items():
        getattr(item, name).set(related)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_public_pages_use_few_queries_that_do_not_grow_with_content(client, settings, tmp_path):
    # Each page built whole, as after an edit: neither the page nor its fragments kept.
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    institution_content()
    pages = public_pages()
    # What the cache keeps for the whole site (the identity, the territory map in each language)
    # is read once after each write of its tables, as by any first visit: not counted.
    read_site_wide_values(client)
    for name in ("search", "search, one kind"):
        # A form error (an unknown kind) would be measured instead of a search.
        results = client.get(pages[name]).context["results"]
        assert results and results.groups, f"{name}: no results, the budget measures nothing"
    before = {name: count_queries(client, url) for name, url in pages.items()}
    more_content()
    read_site_wide_values(client)
    after = {name: count_queries(client, url) for name, url in pages.items()}
    over_budget = {name: count for name, count in after.items() if count > MAX_QUERIES}
    growing = {name: (before[name], after[name]) for name in pages if after[name] != before[name]}
    assert not over_budget, f"more than {MAX_QUERIES} queries: {over_budget}"
    assert not growing, f"queries grow with content (before, after): {growing}"
