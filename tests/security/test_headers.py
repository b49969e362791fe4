"""Every response carries the security headers: public pages, the admin, errors."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = {
    "home": ("/", 200),
    "english page": ("/en/territoire/", 200),
    "commune directory": ("/territoire/communes/", 200),
    "admin login": ("/gestion/login/", 200),
    "not found": ("/nulle-part/", 404),
}


@pytest.fixture(params=PAGES.values(), ids=PAGES.keys())
def response(request, client):
    url, status = request.param
    response = client.get(url, secure=True)
    assert response.status_code == status
    return response


def test_content_security_policy_is_strict(response):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "*" not in response["Content-Security-Policy"]


def test_transport_and_sniffing_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_permissions_policy_denies_unused_features(response):
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "browsing-topics"):
        assert features[feature] == "()"


def test_pages_and_the_admin_may_be_embedded_by_no_other_site(response):
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "url",
    [
        "/robots.txt",
        "/sitemap.xml",
        "/actualites/flux.atom",
        "/donnees/communes.csv",
        "/gestion/jsi18n/",
    ],
)
def test_other_responses_are_for_the_site_and_its_subdomains(client, url):
    response = client.get(url)
    expected = "same-origin" if url.startswith("/gestion/") else "same-site"
    assert response["Cross-Origin-Resource-Policy"] == expected


def test_a_cached_page_keeps_every_header(client, assert_cached):
    first = client.get("/territoire/communes/", secure=True)
    second = assert_cached(client, "/territoire/communes/", secure=True)
    for header in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Cross-Origin-Resource-Policy",
        "Content-Language",
    ):
        assert second[header] == first[header], header


def test_html_is_compressed_for_browsers_that_ask(client):
    response = client.get("/territoire/communes/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
