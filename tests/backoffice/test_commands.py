"""Creating a staff account from the command line, the password typed twice and checked."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from pole_artois.backoffice.roles import ADMINISTRATION, DIRECTION

pytestmark = pytest.mark.django_db

COMMAND = "pole_artois.backoffice.management.commands.create_staff_user.getpass"


def typed(monkeypatch, *answers):
    answers = iter(answers)
    monkeypatch.setattr(COMMAND, lambda prompt: next(answers))


@pytest.mark.parametrize("group", [DIRECTION, ADMINISTRATION])
def test_creates_a_staff_account_in_the_group(monkeypatch, capsys, group):
    typed(monkeypatch, "Un-long-mot-de-passe-2026", "Un-long-mot-de-passe-2026")
    call_command("create_staff_user", "camille", group=group)
    user = User.objects.get(username="camille")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert user.check_password("Un-long-mot-de-passe-2026")


def test_a_weak_or_mistyped_password_is_asked_again(monkeypatch, capsys):
    typed(
        monkeypatch,
        "court",
        "court",
        "Un-long-mot-de-passe-2026",
        "Un-autre-mot-de-passe-2026",
        "Un-long-mot-de-passe-2026",
        "Un-long-mot-de-passe-2026",
    )
    call_command("create_staff_user", "camille", group=DIRECTION)
    errors = capsys.readouterr().err
    assert "too short" in errors or "trop court" in errors
    assert "differ" in errors
    assert User.objects.get(username="camille").check_password("Un-long-mot-de-passe-2026")


def test_gives_up_after_three_bad_passwords_and_creates_nothing(monkeypatch):
    typed(monkeypatch, *["12345678"] * 6)
    with pytest.raises(CommandError, match="No valid password"):
        call_command("create_staff_user", "camille", group=DIRECTION)
    assert not User.objects.filter(username="camille").exists()


def test_refuses_an_existing_account_and_an_unknown_group(monkeypatch, director):
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_staff_user", "directrice", group=DIRECTION)
    with pytest.raises(CommandError):
        call_command("create_staff_user", "camille", group="Superusers")
