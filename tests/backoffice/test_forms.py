"""Each form says one thing once: no two fields under one label, no error on a field the person
did not have to fill in."""

import io
from collections import Counter

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.utils import translation

from pole_artois.backoffice.roles import CONTENT_APPS
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def labels(response):
    with translation.override("fr"):
        return [
            str(field.field["label"] if isinstance(field.field, dict) else field.field.label)
            .strip()
            .lower()
            for fieldset in response.context["adminform"]
            for line in fieldset
            for field in line
        ]


def content_models():
    return [model for model in admin.site._registry if model._meta.app_label in CONTENT_APPS]


@pytest.mark.parametrize("model", content_models(), ids=lambda model: model._meta.label)
def test_no_two_fields_of_a_form_share_a_label(admin_client, demo, model):
    opts = model._meta
    obj = model._default_manager.first()
    page = f"{obj.pk}/change/" if obj else "add/"
    response = admin_client.get(f"/gestion/{opts.app_label}/{opts.model_name}/{page}")
    if response.status_code == 403:
        pytest.skip("neither added nor in the demo content")
    shared = [label for label, count in Counter(labels(response)).items() if count > 1]
    assert not shared


ADD_FORMS = [
    (
        "/gestion/institution/article/add/",
        "title_fr",
        {"summary_fr": "Adopté.", "image_decorative": "on"},
    ),
    ("/gestion/territoire/scot/add/", "name_fr", {}),
]


@pytest.mark.parametrize(("url", "source", "extra"), ADD_FORMS)
def test_an_address_left_empty_is_made_from_the_title(director_client, url, source, extra):
    page = director_client.get(url)
    data = form_data(page, **{source: "Le Pôle adopte son budget", "slug": "", **extra})
    response = director_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    model = page.context["adminform"].form._meta.model
    assert model.objects.filter(slug="le-pole-adopte-son-budget").exists()


@pytest.mark.parametrize(("url", "source", "extra"), ADD_FORMS)
def test_a_title_left_empty_is_the_only_error(director_client, url, source, extra):
    page = director_client.get(url)
    response = director_client.post(url, form_data(page, **{source: "", "slug": "", **extra}))
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {source}
