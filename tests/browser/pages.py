"""Every public page type, as the browser tests visit it: add a page type here and it is checked
with axe-core and the HTML validator, in French and English, at a phone and a desktop width.

Each entry maps a name to a function giving the page's path in the active language, called on a
database holding the demo content (`load_demo`), inside `translation.override(language)`.
"""

from django.urls import reverse
from django.utils import translation

from territoire.models import Commune, Member

LENS = "62498"


def _not_found():
    # Not a reverse(): the point is an address no view knows, in the language's URL prefix.
    return reverse("portal:home") + "page-qui-n-existe-pas/"


PAGE_TYPES = {
    "home": lambda: reverse("portal:home"),
    "territory": lambda: reverse("territoire:index"),
    "member": lambda: Member.objects.get(slug="lens-lievin").get_absolute_url(),
    "commune directory": lambda: reverse("territoire:communes"),
    "commune directory, filtered": lambda: (
        reverse("territoire:communes") + "?q=lens&member=lens-lievin&sort=-population"
    ),
    "commune directory, invalid filter": lambda: reverse("territoire:communes") + "?sort=nowhere",
    "commune": lambda: Commune.objects.get(insee_code=LENS).get_absolute_url(),
    "404": _not_found,
}

LANGUAGES = ("fr", "en")


def page_paths(language):
    """{page type: path} in the given language."""
    with translation.override(language):
        return {name: path() for name, path in PAGE_TYPES.items()}
