import pytest

from pole_artois.backoffice.roles import ADMINISTRATION, DIRECTION
from tests.helpers import staff_user


@pytest.fixture
def director(db):
    return staff_user("directrice", DIRECTION)


@pytest.fixture
def officer(db):
    return staff_user("agent", ADMINISTRATION)


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    return client


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client
