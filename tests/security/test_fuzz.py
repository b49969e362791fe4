"""Hostile input in every public query parameter and form: never a 500, never echoed unescaped.

Add each new public form or filter to the cases below when it lands.
"""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# Markup that would run or break out of an attribute if a page echoed it as it is.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '" autofocus onfocus="alert(1)',
]
DANGEROUS = ("<script", "<svg", "<img", "onerror=", "onfocus=", "onload=")
ADDRESSES = itertools.count(1)

# Text a browser can send: any character but lone surrogates (not encodable in UTF-8).
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
hostile = st.one_of(
    text,
    st.sampled_from(PAYLOADS),
    st.builds(lambda before, payload: before + payload, text, st.sampled_from(PAYLOADS)),
    st.sampled_from(["-1", "0", "99999999999999999999", "1e9", "NaN", "last", "%00", "\x00"]),
    st.text(max_size=5000, alphabet="aé<\"'&%"),
)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,  # no example database left in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_safe(response, values):
    assert response.status_code < 500, response.status_code
    if response.status_code in (301, 302):
        return
    html = response.content.decode()
    for value in values:
        if any(marker in value for marker in DANGEROUS):
            assert value not in html, f"{value!r} echoed unescaped"


@FUZZ
@given(q=hostile, member=hostile, sort=hostile, page=hostile)
def test_commune_directory_filters(client, q, member, sort, page):
    params = {"q": q, "member": member, "sort": sort, "page": page}
    response = client.get("/territoire/communes/", params)
    assert_safe(response, params.values())


@settings(FUZZ, max_examples=15)
@given(params=st.dictionaries(text, hostile, max_size=4))
def test_unknown_query_parameters_lead_to_the_address_without_them(client, params):
    for url in ("/", "/en/chantiers/", "/territoire/lens-lievin/"):
        response = client.get(url, params)
        assert_safe(response, params.values())
        if params:
            assert response.status_code == 302
            assert response["Location"] == url


@FUZZ
@given(segment=hostile)
def test_hostile_paths_are_404_not_500(client, segment):
    for prefix in ("/territoire/", "/territoire/communes/62510-", "/en/", "/agenda/1-"):
        response = client.get(prefix + segment)
        assert_safe(response, [segment])


@FUZZ
@given(year=hostile, q=hostile, page=hostile)
def test_acts_register_filters(client, year, q, page):
    params = {"year": year, "q": q, "page": page}
    assert_safe(client.get("/actes/", params), params.values())


@FUZZ
@given(page=hostile)
def test_list_pagination(client, page):
    for url in ("/actualites/", "/actes/seances/", "/agenda/"):
        assert_safe(client.get(url, {"page": page}), [page])


@FUZZ
@given(name=hostile, email=hostile, subject=hostile, message=hostile)
def test_contact_form(client, name, email, subject, message):
    fields = {"name": name, "email": email, "subject": subject, "message": message}
    response = client.post("/contact/", fields)
    assert_safe(response, fields.values())


@FUZZ
@given(q=hostile, kind=hostile, page=hostile)
def test_search(client, q, kind, page):
    params = {"q": q, "kind": kind, "page": page}
    # An address of its own for each example: the search's rate limit would answer the rest.
    address = f"198.51.100.{next(ADDRESSES) % 250}"
    for url in ("/recherche/", "/en/recherche/"):
        assert_safe(client.get(url, params, REMOTE_ADDR=address), params.values())
