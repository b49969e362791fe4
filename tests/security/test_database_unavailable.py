"""While the database is unreachable the site says so clearly (503), then recovers by itself."""

import pytest
from django.db import OperationalError, connection

from pole_artois.portal.views import server_error

pytestmark = pytest.mark.django_db

DIRECTORY = "/territoire/communes/"


def refuse(execute, sql, params, many, context):
    raise OperationalError("connection to server on socket failed: No such file or directory")


@pytest.mark.parametrize(
    ("url", "language", "message"),
    [
        (DIRECTORY, "fr", "Site momentanément indisponible"),
        ("/en" + DIRECTORY, "en", "Site temporarily unavailable"),
    ],
)
def test_a_lost_database_gives_a_503_in_the_visitors_language(client, url, language, message):
    with connection.execute_wrapper(refuse):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert f'<html lang="{language}">' in html
    assert message in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert "Content-Security-Policy" in response


def test_the_site_answers_again_once_the_database_is_back(client):
    with connection.execute_wrapper(refuse):
        assert client.get(DIRECTORY).status_code == 503
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert response.context["paginator"].count == 150


def test_pages_already_cached_are_still_served_while_the_database_is_down(client):
    client.get(DIRECTORY)
    with connection.execute_wrapper(refuse):
        response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert "Liévin" in response.content.decode()


def test_a_database_lost_outside_a_view_is_a_503_too(rf):
    """An error raised in a middleware (saving a session, say) reaches handler500."""
    try:
        refuse(None, "", None, False, None)
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert "Site momentanément indisponible" in response.content.decode()


def test_other_errors_stay_500(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


class UndefinedColumn(Exception):
    sqlstate = "42703"


def test_a_bug_in_a_query_stays_a_500_not_a_503(client):
    def bug(execute, sql, params, many, context):
        raise OperationalError("column does not exist") from UndefinedColumn()

    client.raise_request_exception = False
    with connection.execute_wrapper(bug):
        response = client.get(DIRECTORY)
    assert response.status_code == 500


class DiskFull(Exception):
    sqlstate = "53100"


def test_a_full_disk_is_a_503(client):
    def full(execute, sql, params, many, context):
        raise OperationalError("could not extend file: No space left on device") from DiskFull()

    with connection.execute_wrapper(full):
        assert client.get(DIRECTORY).status_code == 503
