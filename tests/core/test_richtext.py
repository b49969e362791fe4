import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.template import Context, Template
from django.utils import translation
from django_prose_editor.widgets import ProseEditorWidget

from pole_artois.core.richtext import RichTextAdminWidget, RichTextField, sanitize_html

HOSTILE = [
    "<p>Bonjour<script>alert(1)</script></p>",
    '<p><img src="x" onerror="alert(1)">Bonjour</p>',
    '<p onclick="alert(1)" style="position:fixed;inset:0">Bonjour</p>',
    '<p><a href="javascript:alert(1)">Bonjour</a></p>',
    '<p><a href="JaVaScRiPt&#x3A;alert(1)">Bonjour</a></p>',
    '<p><a href=" &#x09;javascript:alert(1)">Bonjour</a></p>',
    '<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Bonjour</a></p>',
    '<iframe src="https://example.com/"></iframe><p>Bonjour</p>',
    "<p>Bonjour</p><scr<script>ipt>alert(1)</script>",
    '<svg><script>alert(1)</script><animate onbegin="alert(1)"/></svg><p>Bonjour</p>',
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)"></style></mtext></math>',
    "<p>Bonjour<!--<script>alert(1)</script>--></p>",
    '<form action="https://evil.example/"><input name="password"><button>Go</button></form>',
    '<p><a href="https://example.com/" target="_blank" rel="opener">Bonjour</a></p>',
    '<object data="x.swf"></object><embed src="x.swf"><base href="https://evil.example/">',
    '<div style="background:url(javascript:alert(1))"><span class="x" id="y">Bonjour</span></div>',
]
ALLOWED_TAGS = {"p", "br", "h2", "h3", "strong", "em", "ul", "ol", "li", "a"}


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_clean(html):
    """Only the allow-list's tags, links only with a safe address, no other attribute."""
    collector = TagCollector()
    collector.feed(html)
    for tag, attributes in collector.tags:
        assert tag in ALLOWED_TAGS, html
        if tag == "a":
            assert set(attributes) <= {"href", "title", "rel"}, html
            href = attributes.get("href", "/")
            assert href.startswith(("/", "http://", "https://", "mailto:", "tel:")), html
            assert attributes.get("rel") in (None, "noopener noreferrer"), html
        else:
            assert not attributes, html
    assert "javascript" not in html.lower()


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_html_is_reduced_to_the_allow_list(hostile):
    assert_clean(sanitize_html(hostile))


def test_what_the_editor_produces_is_kept():
    html = (
        "<h2>Objectifs</h2><p>Un <strong>territoire</strong> <em>attractif</em><br>et vert.</p>"
        "<h3>Étapes</h3><ul><li>étude</li></ul><ol><li>chantier</li></ol>"
        '<p><a href="/chantiers/" title="Les chantiers">les chantiers</a> · '
        '<a href="mailto:contact@example.fr">écrire</a></p>'
    )
    assert sanitize_html(html) == html


def test_external_links_get_noopener_and_noreferrer_internal_ones_do_not():
    html = sanitize_html(
        '<p><a href="https://www.euralens.org/">Euralens</a> <a href="/partenaires/">ici</a></p>'
    )
    assert '<a href="https://www.euralens.org/" rel="noopener noreferrer">Euralens</a>' in html
    assert '<a href="/partenaires/">ici</a>' in html


def test_unknown_headings_and_blocks_keep_their_text():
    assert sanitize_html("<h1>Titre</h1><div><p>texte</p></div>") == "Titre<p>texte</p>"


def test_an_empty_editor_stores_an_empty_string():
    assert sanitize_html("<p></p>") == ""
    assert sanitize_html("<p><br></p>") == ""


def test_a_required_body_made_only_of_refused_html_is_empty():
    with pytest.raises(ValidationError):
        RichTextField().clean("<p><script>alert(1)</script></p>", None)
    assert RichTextField().clean("<p>Bonjour</p>", None) == "<p>Bonjour</p>"


def test_the_model_stores_clean_html_in_every_language(content_models):
    Page, _ = content_models
    page = Page.objects.create(
        image_decorative=True,
        body_fr=HOSTILE[1],
        body_en='<p><a href="javascript:alert(1)" onclick="alert(1)">Hello</a></p>',
    )
    page.refresh_from_db()
    assert page.body_fr == "<p>Bonjour</p>"
    assert page.body_en == "<p><a>Hello</a></p>"


def test_saving_in_english_does_not_copy_the_french_fallback_into_english(content_models):
    Page, _ = content_models
    with translation.override("en"):
        page = Page.objects.create(body_fr="<p>Bonjour<script>x</script></p>", body_en="")
    page.refresh_from_db()
    assert page.body_fr == "<p>Bonjour</p>"
    assert page.body_en == ""
    with translation.override("en"):
        assert page.body == "<p>Bonjour</p>"  # French shown as fallback


def test_the_admin_form_edits_each_language_with_the_editor_and_cleans_it(content_models):
    Page, _ = content_models
    PageForm = modelform_factory(
        Page, fields=["title_fr", "body_fr", "body_en", "image_decorative"]
    )
    form = PageForm(
        data={
            "title_fr": "Page",
            "body_fr": '<p style="color:red">Bonjour<iframe src="https://x.example/"></iframe></p>',
            "body_en": '<p>Hello<img src=x onerror="alert(1)"></p>',
            "image_decorative": "on",
        }
    )
    assert isinstance(form.fields["body_fr"].widget, ProseEditorWidget)
    assert isinstance(form.fields["body_en"].widget, ProseEditorWidget)
    assert form.is_valid(), form.errors
    page = form.save()
    page.refresh_from_db()
    assert (page.body_fr, page.body_en) == ("<p>Bonjour</p>", "<p>Hello</p>")


def test_the_editor_offers_no_raw_html_mode(content_models):
    Page, _ = content_models
    widget = modelform_factory(Page, fields=["body_fr"])().fields["body_fr"].widget
    extensions = widget.get_config()["extensions"]
    assert "HTML" not in extensions
    assert extensions["Heading"] == {"levels": [2, 3]}


def test_the_editor_loads_without_an_inline_script_lacking_the_csp_nonce(content_models):
    """The admin prints form media with {% csp_nonce_attr media %}: every inline script (the
    editor's import map) must carry the nonce, every other script must be a file. Our script
    replaces django-prose-editor's, whose inline <style> the CSP would refuse."""
    Page, _ = content_models
    field = admin.ModelAdmin(Page, admin.site).formfield_for_dbfield(
        Page._meta.get_field("body_fr"), request=None
    )
    assert isinstance(field.widget, RichTextAdminWidget)
    context = {
        "media": field.widget.media,
        "field": field.widget.render("body_fr", ""),
        "csp_nonce": "n0nce",
    }
    html = Template("{% csp_nonce_attr media %}{{ field }}").render(Context(context))
    openings = re.findall(r"<script\b[^>]*>", html)
    for opening in openings:
        assert 'nonce="n0nce"' in opening or " src=" in opening, opening
    assert any('type="importmap"' in opening for opening in openings)
    assert 'src="/static/core/prose-editor.js"' in html
    assert 'src="/static/django_prose_editor/configurable.js"' not in html
    assert "data-django-prose-editor-pole=" in html


def test_the_filter_cleans_again_what_reached_the_database_behind_the_model(content_models):
    Page, _ = content_models
    page = Page.objects.create(image_decorative=True, body_fr="<p>Bonjour</p>")
    Page.objects.filter(pk=page.pk).update(
        body_fr='<p onmouseover="alert(1)">Bonjour</p><script>x</script>'
    )
    page.refresh_from_db()
    html = Template("{% load content %}{{ page.body|richtext }}").render(Context({"page": page}))
    assert html == "<p>Bonjour</p>"
    assert_clean(html)


def test_the_filter_prints_nothing_for_an_empty_body():
    assert Template("{% load content %}{{ body|richtext }}").render(Context({"body": None})) == ""
