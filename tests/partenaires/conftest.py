import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _french():
    """Addresses built in a test are French ones, whatever language the last request used."""
    with translation.override("fr"):
        yield
