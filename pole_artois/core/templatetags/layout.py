"""Template helpers of the public layout."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader_tags import BlockNode
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pole_artois.core.site import NamedLinks, absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_path(context):
    """The page's path without filters or sort order; a later page of a list names itself."""
    path = context["request"].path
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        return f"{path}?page={page_obj.number}"
    return path


# What `{% memo %}` rendered, by node, language and inputs. Bounded: inputs a visitor chooses (a
# query string) can only make it start over, and a full store is emptied at once (clear() is one
# step, safe with threads).
MEMO_SIZE = 2048
_memo = {}


@receiver(setting_changed)
def _forget_memo(**kwargs):
    """A test changing SITE_URL, the languages or the storages must not see older renderings."""
    _memo.clear()


class MemoNode(template.Node):
    # Nothing inside is a block a child template could fill (memo() refuses them): the walk for
    # blocks that `{% extends %}` makes on every render may skip the body.
    child_nodelists = ()

    def __init__(self, nodelist, inputs):
        self.nodelist = nodelist
        self.inputs = inputs

    def render(self, context):
        values = {
            name: context.get(name) if expression is None else expression.resolve(context)
            for name, expression in self.inputs.items()
        }
        language = translation.get_language()
        # With the types: "<b>" and mark_safe("<b>"), or 1 and True, are equal keys but render
        # differently.
        key = (self, language, *values.values(), *map(type, values.values()))
        try:
            if (html := _memo.get(key)) is not None:
                return html
        except TypeError:
            # A value that cannot be a key (a list): rendered every time, still right.
            key = None
        values["LANGUAGE_CODE"] = language
        html = self.nodelist.render(context.new(values))
        # With DEBUG, templates are edited while the server runs: render them every time.
        if key is not None and not settings.DEBUG:
            if len(_memo) >= MEMO_SIZE:
                _memo.clear()
            _memo[key] = html
        return html


@register.tag
def memo(parser, token):
    """`{% memo name name=value … %}…{% endmemo %}`: render once per process what depends only
    on the language and the values named, then give that HTML again.

    For the layout's parts that are the same on every page, or on every page of an address:
    several tags and includes each render, for the price of one dictionary look-up. A bare `name`
    is the context's value as it is (None when the page sets none: no failed look-up to pay);
    `name=value` is resolved as in `{{ value }}`. The block sees nothing but these values and
    LANGUAGE_CODE, so nothing else can slip into it (a variable it would need and is not named
    renders empty: tests see it). The URLconf, the catalogues and the static files' manifest do
    not change while the process runs.
    """
    inputs = {}
    for bit in token.split_contents()[1:]:
        name, equals, value = bit.partition("=")
        if not name.isidentifier() or (equals and not value):
            raise template.TemplateSyntaxError("Usage: {% memo name name=value … %}…{% endmemo %}")
        inputs[name] = parser.compile_filter(value) if equals else None
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% memo %} cannot hold a {% block %}: it is kept.")
    return MemoNode(nodelist, inputs)


@register.simple_tag(takes_context=True)
def translated_url(context, language_code):
    """The current page in another language, query string kept (the admin's switcher)."""
    path = context["request"].get_full_path()
    return _translated_path(path, language_code, translation.get_language())


# Every page asks for five (its address in each language, for hreflang and the switcher), each a
# resolve() and a reverse(); the answer depends only on the URLconf, so it is kept per process.
# Bounded: addresses with any query string a visitor types can only evict each other.
@lru_cache(maxsize=2048)
def _translated_path(path, language_code, current_language):
    url = translate_url(path, language_code)
    if url == path and language_code != current_language:
        # An address no view knows (a 404) has no translation: the other language's home.
        with translation.override(language_code):
            url = reverse("portal:home")
    return url


@register.simple_tag
def alternate_links(path):
    """The page (its canonical path) in each language for search engines (hreflang), French as
    the default: one tag for what was a loop over the languages."""
    current = translation.get_language()
    urls = [
        (code, absolute_url(_translated_path(path, code, current)))
        for code, _name in settings.LANGUAGES
    ]
    urls.append(("x-default", absolute_url(_translated_path(path, "fr", current))))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in urls)
    )


@register.simple_tag
def language_switcher(path):
    """The switcher's items: the current page (`path`: its full path) in each language, query
    string kept (the visitor keeps their filters), the current language marked."""
    current = translation.get_language()
    return format_html_join(
        "\n",
        '<li><a href="{}" hreflang="{}" lang="{}"{}>{}</a></li>',
        (
            (
                _translated_path(path, code, current),
                code,
                code,
                SWITCHER_CURRENT if code == current else "",
                "Français" if code == "fr" else "English",
            )
            for code, _name in settings.LANGUAGES
        ),
    )


CURRENT = mark_safe(' aria-current="page"')
SWITCHER_CURRENT = mark_safe(' aria-current="true"')

# The main menu: (URL name, label) in the order shown.
MENU = NamedLinks(
    [
        ("territoire:index", _("Territory")),
        ("chantiers:index", _("Chantiers")),
        ("partenaires:index", _("Partners")),
        ("institution:pole", _("The Pôle")),
        ("institution:news", _("News")),
        ("institution:acts", _("Official acts")),
        ("institution:agenda", pgettext_lazy("calendar of events", "Agenda")),
        ("institution:contact", _("Contact")),
        ("discovery:search", _("Search")),
    ]
)


@register.simple_tag
def main_menu(path):
    """The main menu's items, the section of `path` marked (one tag for the nine items: a tag or
    an include each cost more than the menu is worth on every page)."""
    return format_html_join(
        "",
        '<li><a href="{}"{}>{}</a></li>\n',
        ((url, CURRENT if path.startswith(url) else "", label) for url, label in MENU),
    )
