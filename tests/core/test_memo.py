"""`{% memo %}`: the layout's parts kept per process, by language and the values they name."""

import pytest
from django.template import TemplateSyntaxError, engines
from django.test import RequestFactory, override_settings
from django.utils import translation
from django.utils.safestring import mark_safe

pytestmark = pytest.mark.django_db


def template_of(source):
    return engines["django"].from_string("{% load i18n layout %}" + source)


def render(template, context=None, path="/"):
    if isinstance(template, str):
        template = template_of(template)
    return template.render(context or {}, RequestFactory().get(path))


def page():
    """A page of the layout, rendered without the page cache in front."""
    return engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}Vue{% endblock %}'
    )


class Shown:
    """A value whose rendering counts how often the block was really rendered."""

    def __init__(self, name):
        self.name = name
        self.renderings = 0

    def __str__(self):
        self.renderings += 1
        return self.name


def test_a_block_is_rendered_once_per_value_and_given_again():
    template = template_of("{% memo item %}[{{ item }}]{% endmemo %}")
    first, second = Shown("un"), Shown("deux")
    assert render(template, {"item": first}) == "[un]"
    assert render(template, {"item": first}) == "[un]"
    assert first.renderings == 1
    assert render(template, {"item": second}) == "[deux]"
    assert second.renderings == 1


def test_the_block_sees_only_the_values_it_names():
    template = (
        "{% memo shown=request.path %}{{ shown }}|{{ hidden }}|{{ request.path }}{% endmemo %}"
    )
    assert render(template, {"hidden": "secret"}, path="/agenda/") == "/agenda/||"


def test_a_bare_name_the_page_does_not_set_is_none():
    template = "{% memo og_type %}{{ og_type|default:'website' }}{% endmemo %}"
    assert render(template) == "website"
    assert render(template, {"og_type": "article"}) == "article"


def test_the_language_is_part_of_the_key():
    template = template_of('{% memo %}{{ LANGUAGE_CODE }}: {% translate "News" %}{% endmemo %}')
    assert render(template) == "fr: Actualités"
    with translation.override("en"):
        assert render(template) == "en: News"
    assert render(template) == "fr: Actualités"


def test_a_block_inside_is_refused():
    with pytest.raises(TemplateSyntaxError, match="cannot hold a"):
        render("{% memo %}{% block title %}{% endblock %}{% endmemo %}")


def test_a_changed_setting_is_seen_by_the_next_page():
    layout = page()
    render(layout, path="/territoire/")
    with override_settings(SITE_URL="https://pole.example"):
        html = render(layout, path="/territoire/")
    assert '<link rel="alternate" hreflang="en" href="https://pole.example/en/territoire/">' in html
    assert '<meta property="og:url" content="https://pole.example/territoire/">' in html


def test_each_page_of_the_layout_gets_its_own_menu_switcher_and_sharing_tags(client):
    for _ in range(2):
        chantiers = client.get("/en/chantiers/").content.decode()
        territory = client.get("/territoire/communes/?q=lens").content.decode()
    assert '<a href="/en/chantiers/" aria-current="page">Chantiers</a>' in chantiers
    assert 'aria-current="page">Territoire</a>' not in chantiers
    assert '<html lang="en">' in chantiers
    assert '<a href="/territoire/" aria-current="page">Territoire</a>' in territory
    assert 'href="/en/territoire/communes/?q=lens" hreflang="en" lang="en"' in territory
    assert '<meta property="og:locale" content="fr_FR">' in territory
    assert '<meta property="og:url" content="http://testserver/territoire/communes/">' in territory


def test_a_page_setting_its_sharing_image_gets_it():
    layout = page()
    default = render(layout, path="/territoire/")
    own = render(layout, {"og_image": "/media/vue.jpg", "og_image_alt": "La vue"}, "/territoire/")
    assert '<meta property="og:image" content="http://testserver/media/vue.jpg">' in own
    assert '<meta property="og:image:alt" content="La vue">' in own
    assert "sharing" not in own
    assert '<meta property="og:image:type" content="image/png">' in default


def test_a_value_that_cannot_be_a_key_is_rendered_every_time():
    template = template_of("{% memo items %}{{ items|join:',' }}{% endmemo %}")
    assert render(template, {"items": ["a", "b"]}) == "a,b"
    assert render(template, {"items": ["c"]}) == "c"


def test_each_trail_gets_its_own_breadcrumb_and_json_ld(client):
    for _ in range(2):
        legal = client.get("/mentions-legales/").content.decode()
        contact = client.get("/en/contact/").content.decode()
    assert '<a href="/mentions-legales/" aria-current="page">Mentions légales</a>' in legal
    assert '"item": "http://testserver/mentions-legales/"' in legal
    assert '<li><a href="/en/">Home</a></li>' in contact
    assert '<a href="/en/contact/" aria-current="page">Contact</a></li>\n  </ol>' in contact
    assert '"name": "Home", "item": "http://testserver/en/"' in contact


def test_equal_values_that_render_differently_are_different_keys():
    template = template_of("{% memo value %}{{ value }}{% endmemo %}")
    assert render(template, {"value": "<b>"}) == "&lt;b&gt;"
    assert render(template, {"value": mark_safe("<b>")}) == "<b>"
    assert render(template, {"value": 1}) == "1"
    assert render(template, {"value": True}) == "True"


def test_with_debug_the_block_is_rendered_every_time():
    template = template_of("{% memo item %}[{{ item }}]{% endmemo %}")
    item = Shown("un")
    with override_settings(DEBUG=True):
        render(template, {"item": item})
        render(template, {"item": item})
    assert item.renderings == 2
