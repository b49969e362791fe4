"""Every search costs a bounded amount of work, whatever it is fed: counted in what reaches the
database (queries, characters, size of the text-search query), never in seconds."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pole_artois.discovery.search import MAX_LENGTH, MAX_WORDS

pytestmark = pytest.mark.django_db

# Characters that Unicode compatibility folding (NFKD) spells out in several: ﷺ is 18 characters
# once folded, ㌀ 5 (アパート), ﬃ 3.
EXPANDING = ["\ufdfa", "\u3300", "ﬃ", "ﬁ", "œ", "Æ", "ß", "½", "ǅ", "\u2474"]
word = st.one_of(
    st.sampled_from(["lens", "liévin", "or", "-lens", '"cité', 'minière"', "tramway"]),
    st.text(st.sampled_from(EXPANDING), min_size=1, max_size=12),
    st.text(st.sampled_from("aéœ-"), min_size=1, max_size=250),
)
query = st.lists(word, min_size=1, max_size=40).map(" ".join)
# The most a query can weigh in PostgreSQL: each word may also be part of a hyphenated compound.
MAX_TSQUERY_NODES = 4 * MAX_WORDS
MAX_QUERIES = 3
# A string literal in SQL: the search writes the visitor's words into its SQL (psycopg's quoting).
LITERAL = re.compile(r"'((?:[^']|'')*)'")


class Recorder:
    """Every statement the database receives, refused at once if one parameter is beyond the
    bound: a slow search must fail this test, not hang it."""

    def __init__(self):
        self.statements, self.texts = 0, set()

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        texts = {param for param in params or () if isinstance(param, str)}
        texts |= {literal.replace("''", "'") for literal in LITERAL.findall(sql)}
        longest = max(texts, key=len, default="")
        assert len(longest) <= MAX_LENGTH, f"{len(longest)} characters sent to the database"
        self.texts |= texts
        return execute(sql, params, many, context)


def tsquery_nodes(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery('french_unaccent', %s))", [text])
        return cursor.fetchone()[0]


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=query, kind=st.sampled_from(["", "communes", "news"]))
def test_a_search_costs_a_bounded_amount_whatever_it_is_fed(client, q, kind):
    for cache in caches.all():
        cache.clear()
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        response = client.get("/recherche/", {"q": q, "kind": kind})
    assert response.status_code == 200
    assert recorder.statements <= MAX_QUERIES
    assert all(tsquery_nodes(text) <= MAX_TSQUERY_NODES for text in recorder.texts)


def test_the_search_that_held_a_worker_is_a_clear_error_at_once(client):
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        response = client.get("/recherche/", {"q": "lens or " + "\ufdfa" * 100})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "au plus 200 caractères" in response.content.decode()
    assert recorder.statements <= 1
