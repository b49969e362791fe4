"""Rich text: bodies written in a real editor in the admin, never raw HTML on a page.

The editor (django-prose-editor) only offers paragraphs, h2/h3 headings, bold, italic, lists and
links, but what reaches the server is whatever the browser sends, so the HTML is cleaned with an
allow-list (nh3) twice: when the model is saved, and again when a template prints it
(`{{ body|richtext }}`), which also covers rows written behind the model's back (fixtures, SQL,
`QuerySet.update()`).
"""

import re

import nh3
from django.contrib.admin.widgets import AdminTextareaWidget
from django.forms import Script
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from django_prose_editor.widgets import (
    AdminProseEditorWidget,
    ProseEditorWidget,
    prose_editor_admin_media,
    prose_editor_base_media,
    prose_editor_js,
)
from js_asset import Media

# What the editor offers; the sanitiser below allows exactly the tags these produce.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "History": True,
    # The editor turns the browser's spell-checking off by default: the staff want it on.
    "NoSpellCheck": False,
}

# The toolbar's buttons, by the English title the editor gives them, in the admin's language.
TOOLBAR_LABELS = {
    "heading 2": _("Heading 2"),
    "heading 3": _("Heading 3"),
    "paragraph": _("Paragraph"),
    "bold": _("Bold"),
    "italic": _("Italic"),
    "unordered list": _("Bulleted list"),
    "ordered list": _("Numbered list"),
    "insert link": _("Insert a link"),
    "remove link": _("Remove the link"),
    "undo": _("Undo"),
    "redo": _("Redo"),
}

ALLOWED_TAGS = {"p", "br", "h2", "h3", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
EXTERNAL_REL = "noopener noreferrer"

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    # Unknown tags are unwrapped (their text kept); these lose their content too.
    clean_content_tags={
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "svg",
        "math",
    },
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    # rel is set below, only on links that leave the site.
    link_rel=None,
    strip_comments=True,
)

# nh3's output is serialised by html5ever: every attribute is double-quoted, `"` is escaped.
_OPENING_LINK = re.compile(r'<a((?:\s+[\w:-]+="[^"]*")*)\s*>')
_EXTERNAL_HREF = re.compile(r'\shref="(?:https?:)?//', re.IGNORECASE)
# ProseMirror always keeps one block: an "empty" body arrives as `<p></p>`.
_EMPTY = re.compile(r"^(?:\s|<p>\s*(?:<br>)?\s*</p>)*$")


def _mark_external(match):
    attributes = match.group(1)
    if _EXTERNAL_HREF.search(attributes):
        return f'<a{attributes} rel="{EXTERNAL_REL}">'
    return f"<a{attributes}>"


def sanitize_html(html):
    """`html` reduced to the allow-list: no script, event handler, style, iframe or unsafe link."""
    if not html:
        return ""
    cleaned = _OPENING_LINK.sub(_mark_external, _cleaner.clean(str(html)))
    return "" if _EMPTY.match(cleaned) else cleaned


def render_richtext(html):
    """Sanitised HTML, safe to print in a template."""
    return mark_safe(sanitize_html(html))  # noqa: S308 (sanitised by the allow-list just above)


# django-prose-editor's own scripts let TipTap add an inline <style>, which the site's CSP refuses:
# ours hands it the page's nonce (see static/core/prose-editor.js).
PRESET = "pole"
_EDITOR_SCRIPTS = Media(js=[prose_editor_js, Script("core/prose-editor.js", type="module")])


class LabelledToolbar:
    """The editor's configuration, with the toolbar's labels in the page's language (read by
    static/core/prose-editor.js)."""

    def get_config(self):
        return {**super().get_config(), "labels": TOOLBAR_LABELS}


class RichTextWidget(LabelledToolbar, ProseEditorWidget):
    @property
    def media(self):
        return prose_editor_base_media + _EDITOR_SCRIPTS


class RichTextAdminWidget(LabelledToolbar, AdminProseEditorWidget):
    @property
    def media(self):
        return prose_editor_admin_media + _EDITOR_SCRIPTS


def _is_admin_widget(widget):
    if isinstance(widget, type):
        return issubclass(widget, AdminTextareaWidget)
    return isinstance(widget, AdminTextareaWidget)


class RichTextField(ProseEditorField):
    """A body of text edited in the admin's rich text editor and stored as sanitised HTML.

    Works with modeltranslation: the `body_fr`/`body_en` fields it creates copy this field, so
    they get the same editor and the same cleaning. Print it with `{{ obj.body|richtext }}`.
    """

    def __init__(self, *args, **kwargs):
        kwargs["extensions"] = EDITOR_EXTENSIONS
        kwargs["sanitize"] = sanitize_html
        kwargs["preset"] = PRESET
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        admin = _is_admin_widget(kwargs.get("widget"))
        kwargs["widget"] = RichTextAdminWidget if admin else RichTextWidget
        return super().formfield(**kwargs)

    def clean(self, value, model_instance):
        # Cleaned first, so that a required body made only of refused HTML counts as empty.
        return super(ProseEditorField, self).clean(sanitize_html(value), model_instance)

    def pre_save(self, model_instance, add):
        value = sanitize_html(super().pre_save(model_instance, add))
        # Straight into __dict__: under modeltranslation, setattr() on the original field would
        # write the (possibly fallback) value into the current language's column.
        model_instance.__dict__[self.attname] = value
        return value
