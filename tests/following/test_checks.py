import pytest
from django.core.checks import run_checks

pytestmark = pytest.mark.django_db


def test_check_deploy_flags_an_unsubscribe_address_that_is_not_https(settings):
    settings.SITE_URL = "http://www.example.fr"
    found = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "following.W001" in found
    settings.SITE_URL = "https://www.example.fr"
    found = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "following.W001" not in found
