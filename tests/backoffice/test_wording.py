"""Every page of the admin, for every model, reads as a French person writes (and, under
/en/gestion/, as an English one): no "Ajout de actualité", no "l'objet actualité", no feminine
noun with a masculine participle, no "Point d'avancement: #1", no English left on a French page.
"""

import html
import io
import re
from html.parser import HTMLParser

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from reversion.admin import VersionAdmin
from reversion.models import Version

from pole_artois.backoffice.wording import NOUNS
from pole_artois.following.models import Follower
from pole_artois.institution.models import ContactMessage
from tests.helpers import form_data

pytestmark = pytest.mark.django_db

# The admin's feminine nouns, plural: what a masculine participle must never follow.
FEMININE_PLURALS = (
    "actualités|séances|délibérations|communes|collectivités membres|pages|rectifications"
    "|connexions|tentatives de connexion|applications d’authentification"  # noqa: RUF001
)
VOWEL = "[aâàeéèêiîoôuûy]"
FRENCH_MISTAKES = {
    "de before a vowel": re.compile(rf"\b[Dd]e {VOWEL}"),
    "le/la before a vowel": re.compile(rf"\b(?:[Ll]e|[Ll]a) {VOWEL}"),
    "“l’objet …”": re.compile(r"l[’']objet "),  # noqa: RUF001
    "“un objet …”": re.compile(r"\bun objet "),
    "a noun without its article": re.compile(
        r"(?:Récupérer|Ajouter|Ajout de|Modification de|Sélectionnez) "
        r"(?!(?:les?|la|l['\u2019]|des|un|une|d['\u2019]un|d['\u2019]une|du) )[a-zé]"
    ),
    "masculine participle after a feminine noun": re.compile(
        rf"(?:{FEMININE_PLURALS}) (?:sélectionnés|supprimés|ajoutés)"
    ),
    "“#1” for a name": re.compile(r": #\d"),
    "an English colon": re.compile(r"[\w)»\]]: "),
    "a man's word for whoever is reading": re.compile(r"je suis sûr\b|Êtes-vous sûr\b"),
    "English": re.compile(
        r"\b(?:Add|Change|History|Delete|Save|Recover|Revert|Select|Home|successfully|"
        r"deleted|another)\b"
    ),
}
ENGLISH_MISTAKES = {
    "French": re.compile(
        r"\b(?:Ajout|Ajouter|Modifier|Modification|Supprimer|Enregistrer|Récupérer|Historique|"
        r"sélectionnés?)\b"
    ),
    "“#1” for a name": re.compile(r": #\d"),
}
SKIPPED_TAGS = {"script", "style", "textarea", "option", "select"}
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class AdminWords(HTMLParser):
    """The words a user reads or hears on a page: text, button labels, labels of links,
    and the "add another" link the inline script writes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        for name in READ_ATTRIBUTES & attributes.keys():
            self.words.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.words.append(attributes.get("value") or "")
        if "data-inline-formset" in attributes:
            self.words.append(html.unescape(attributes["data-inline-formset"]))

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)

    def handle_data(self, data):
        if not self._skipping:
            self.words.append(data)


def words_of(response):
    parser = AdminWords()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.words).split())


def mistakes(text, rules):
    found = []
    for rule, pattern in rules.items():
        for match in pattern.finditer(text):
            start = max(match.start() - 40, 0)
            found.append(f"{rule}: …{text[start : match.end() + 40]}…")
    return found


@pytest.fixture
def every_model_with_an_object(db, superuser):
    call_command("load_demo", stdout=io.StringIO())
    Group.objects.get_or_create(name="Direction")
    ContactMessage.objects.create(
        name="Camille Durand", email="camille@example.org", subject="Horaires", message="Bonjour."
    )
    Follower.objects.create(email="camille@example.org", language="fr").subscriptions.create()
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, VersionAdmin):
            continue
        obj = model._default_manager.first()
        if obj is not None:
            with reversion.create_revision():
                obj.save()


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("technique", "t@example.org", "pw-12345678")


def admin_pages(language):
    """Every page of every model: list, add, change, delete, history; for those with history,
    a version, the list of deleted items and a deleted item's recovery page."""
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        with translation.override(language):
            yield reverse(f"{name}_changelist")
            yield reverse(f"{name}_add")
        obj = model._default_manager.first()
        if obj is None:
            continue
        with translation.override(language):
            for view in ("change", "delete", "history"):
                yield reverse(f"{name}_{view}", args=[obj.pk])
        if isinstance(model_admin, VersionAdmin):
            version = Version.objects.get_for_object(obj).first()
            with translation.override(language):
                yield reverse(f"{name}_revision", args=[obj.pk, version.pk])
                yield reverse(f"{name}_recoverlist")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_admin_page_reads_as_its_language_is_written(
    client, superuser, every_model_with_an_object, language
):
    client.force_login(superuser)
    rules = FRENCH_MISTAKES if language == "fr" else ENGLISH_MISTAKES
    problems = []
    for url in admin_pages(language):
        response = client.get(url)
        if response.status_code in (302, 403):
            continue  # a single record's list leads to it; nobody adds a log-in attempt
        assert response.status_code == 200, url
        problems += [f"{url}: {problem}" for problem in mistakes(words_of(response), rules)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_deleting_and_recovering_each_model_reads_right(
    client, superuser, every_model_with_an_object, language
):
    client.force_login(superuser)
    rules = FRENCH_MISTAKES if language == "fr" else ENGLISH_MISTAKES
    problems = []
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.first()
        if not isinstance(model_admin, VersionAdmin) or obj is None:
            continue
        opts = model._meta
        with translation.override(language):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
        response = client.post(url, {"post": "yes"}, follow=True)
        if model._default_manager.filter(pk=obj.pk).exists():
            continue  # protected by what depends on it: the confirmation page was crawled
        problems += [f"{url}: {problem}" for problem in mistakes(words_of(response), rules)]
        deleted = Version.objects.get_deleted(model).first()
        with translation.override(language):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[deleted.pk])
        response = client.get(url)
        if response.status_code == 403:
            continue  # communes come only from the official data: none is added back
        assert response.status_code == 200, url
        problems += [f"{url}: {problem}" for problem in mistakes(words_of(response), rules)]
    assert not problems, "\n".join(problems)


def test_the_success_messages_agree_with_the_noun(director_client):
    add = director_client.get("/gestion/institution/article/add/")
    response = director_client.post(
        "/gestion/institution/article/add/",
        form_data(add, title_fr="Un nouveau bus", summary_fr="Résumé.", slug="un-nouveau-bus"),
        follow=True,
    )
    text = words_of(response)
    assert "L’actualité « Un nouveau bus » a été ajoutée avec succès." in text, text  # noqa: RUF001


def test_every_model_of_the_admin_declares_its_grammar():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered - NOUNS.keys() == set()
