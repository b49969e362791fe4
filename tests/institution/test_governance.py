import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from pole_artois.institution.models import ComiteSyndical, Mandate, Person, Role
from territoire.models import Member

pytestmark = pytest.mark.django_db

INSTALLATION = datetime.date(2016, 3, 25)


def mandate(first, last, role, member, start=INSTALLATION, end=None, rank=0):
    person = Person.objects.create(first_name=first, last_name=last)
    return Mandate.objects.create(
        person=person,
        role=role,
        rank=rank,
        member=Member.objects.get(slug=member),
        start=start,
        end=end,
    )


def test_the_comite_at_a_date_follows_the_mandates_after_an_election():
    old = mandate(
        "Michel", "Dagbert", Role.PRESIDENT, "pas-de-calais", end=datetime.date(2020, 9, 1)
    )
    mandate("Sylvain", "Robert", Role.VICE_PRESIDENT, "lens-lievin", rank=1)
    new = mandate(
        "Nouvelle", "Présidente", Role.PRESIDENT, "pas-de-calais", datetime.date(2020, 9, 2)
    )

    def president_on(day):
        return [m.person for m in Mandate.objects.at(day) if m.role == Role.PRESIDENT]

    assert president_on(datetime.date(2016, 3, 24)) == []
    assert president_on(INSTALLATION) == [old.person]
    assert president_on(datetime.date(2020, 9, 1)) == [old.person]
    assert president_on(datetime.date(2020, 9, 2)) == [new.person]
    assert Mandate.objects.current().filter(role=Role.PRESIDENT).get() == new


def test_officers_come_in_protocol_order():
    mandate("Jean-Pierre", "Corbisez", Role.VICE_PRESIDENT, "henin-carvin", rank=3)
    mandate("Alain", "Wacheux", Role.VICE_PRESIDENT, "bethune-bruay", rank=2)
    mandate("Michel", "Dagbert", Role.PRESIDENT, "pas-de-calais")
    mandate("Sylvain", "Robert", Role.VICE_PRESIDENT, "lens-lievin", rank=1)
    names = [m.person.last_name for m in Mandate.objects.current().in_protocol_order()]
    assert names == ["Dagbert", "Robert", "Wacheux", "Corbisez"]


def test_a_mandate_cannot_end_before_it_starts():
    with translation.override("en"), pytest.raises(ValidationError, match="cannot end before"):
        Mandate(
            person=Person.objects.create(first_name="A", last_name="B"),
            role=Role.DELEGATE,
            member=Member.objects.get(slug="lens-lievin"),
            start=INSTALLATION,
            end=datetime.date(2016, 1, 1),
        ).full_clean()
    with pytest.raises(IntegrityError):
        mandate("A", "B", Role.DELEGATE, "lens-lievin", end=datetime.date(2016, 1, 1))


def test_the_comite_in_office_is_the_last_installed():
    ComiteSyndical.objects.create(installed_on=INSTALLATION, delegate_count=21)
    later = ComiteSyndical.objects.create(installed_on=datetime.date(2020, 9, 2), delegate_count=23)
    assert ComiteSyndical.objects.at(datetime.date(2015, 1, 1)) is None
    assert ComiteSyndical.objects.at(datetime.date(2019, 1, 1)).delegate_count == 21
    assert ComiteSyndical.objects.current() == later
