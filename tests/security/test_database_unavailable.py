"""While the database is unreachable the site says so clearly (503), then recovers by itself."""

import pytest
from django.db import InterfaceError, OperationalError, connection

from pole_artois.portal.views import server_error
from territoire.models import Commune

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
    assert response.context["paginator"].count == Commune.objects.in_pole().count()


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


class Cause(Exception):
    """What psycopg raises under Django's error, as far as the 503 decision reads it."""

    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def failing(error, sqlstate=None):
    def fail(execute, sql, params, many, context):
        raise error from (Cause(sqlstate) if sqlstate else None)

    return fail


@pytest.mark.parametrize(
    ("error", "sqlstate", "status"),
    [
        (OperationalError("column does not exist"), "42703", 500),
        (OperationalError("could not extend file: No space left on device"), "53100", 503),
        (OperationalError("terminating connection due to administrator command"), "57P01", 503),
        (InterfaceError("connection already closed"), None, 503),
    ],
    ids=["bug in a query", "disk full", "server shutting down", "connection closed"],
)
def test_only_a_database_that_cannot_answer_now_gives_a_503(client, error, sqlstate, status):
    client.raise_request_exception = False
    with connection.execute_wrapper(failing(error, sqlstate)):
        assert client.get(DIRECTORY).status_code == status
