"""Helpers shared by the test packages."""

import io
from html import unescape

import pikepdf
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from territoire.forms import CommuneFilterForm

PASSWORD = "Correct-horse-battery-7"


@pytest.fixture(autouse=True)
def french_addresses():
    """Addresses built in a test are French ones, whatever language the last request used.

    Autouse in the packages whose conftest imports it."""
    with translation.override("fr"):
        yield


def visit(client, url, **kwargs):
    """A GET that must succeed: its HTML and the number of queries it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def staff_user(username, group):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def pdf_bytes(text="texte", pdfa=None):
    """A real one-page PDF (pikepdf opens it) whose content depends on `text`; with `pdfa`
    ("2B"), declaring that PDF/A conformance in its metadata."""
    document = pikepdf.new()
    document.add_blank_page()
    document.docinfo["/Title"] = text
    if pdfa:
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata["pdfaid:part"] = pdfa[:-1]
            metadata["pdfaid:conformance"] = pdfa[-1]
    buffer = io.BytesIO()
    document.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def pdf(name="acte.pdf", text="texte", pdfa=None):
    return SimpleUploadedFile(name, pdf_bytes(text, pdfa), content_type="application/pdf")


def page(client, url):
    """The text of the page at `url`, which must answer 200, with HTML entities decoded."""
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


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


def read_site_wide_values(client):
    """Visits that put in the cache what pages show for the whole site (the footer's identity
    record, the territory map in each language), and the directory filter's agglomerations (read
    directly: a visit would put the directory itself in the page cache), so that query counts
    measure a page's own work."""
    client.get("/en/territoire/")
    client.get("/territoire/")
    CommuneFilterForm.base_fields["member"].kept()
