import pytest
from django.contrib.auth.models import Group, User
from django.forms import MultiWidget

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


def _fields(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled or value is None:
            continue
        key = form[name].html_name
        widget = field.widget
        if isinstance(widget, MultiWidget) and not isinstance(value, list | tuple):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)
    return data


def form_data(response, **changes):
    """The POST data of the admin form shown in `response`, as the browser would send it."""
    data = _fields(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(_fields(formset.management_form))
        for form in formset.forms:
            data.update(_fields(form))
    data.update(changes)
    return data
