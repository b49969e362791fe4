"""Every public page is built with at most 6 queries, however much content there is.

Add each public page type here when it lands (the page cache is off: we count the real work).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoire.models import Commune, Member, Scot

pytestmark = pytest.mark.django_db

MAX_QUERIES = 6

PAGES = {
    "home": "/",
    "home (en)": "/en/",
    "territory": "/territoire/",
    "member": "/territoire/lens-lievin/",
    "commune directory": "/territoire/communes/",
    "commune directory, filtered": "/territoire/communes/?q=a&member=henin-carvin&sort=-population",
    "commune": "/territoire/communes/62510-lievin/",
    "contact": "/contact/",
}


def more_content():
    """Double the territory: more communes in a member, more SCoTs covering every member."""
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


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_page_queries_are_few_and_do_not_grow_with_content(client, settings, url):
    settings.PAGE_CACHE_SECONDS = 0
    before = count_queries(client, url)
    more_content()
    after = count_queries(client, url)
    assert after <= MAX_QUERIES
    assert after == before
