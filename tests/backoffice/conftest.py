import pytest
from django.contrib.auth.models import Group, User

from pole_artois.backoffice.roles import ADMINISTRATION, DIRECTION

PASSWORD = "Correct-horse-battery-7"


def staff_user(username, group):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


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


def form_data(response, **changes):
    """The POST data of the admin form shown in `response`, as the browser would send it."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
    data.update(changes)
    return data
