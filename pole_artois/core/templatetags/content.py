"""Printing shared content blocks: `{% load content %}`.

- `{{ objective.body|richtext }}`: sanitised rich text, marked safe.
- `{% picture chantier "image" sizes="(min-width: 72rem) 36rem, 100vw" %}`: a responsive `<img>`
  of WebP renditions, with width, height, alt text (empty when decorative) and lazy loading.
- `{% document_link document %}`: a PDF download link with its title, date and size.
- `<h1{% fallback_lang objective "title" %}>`: ` lang="fr"` where the text shown is the French one
  standing in for a missing translation.
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pole_artois.core.images import renditions
from pole_artois.core.richtext import render_richtext

register = template.Library()

DEFAULT_SIZES = "(min-width: 72rem) 72rem, 100vw"
# The rendition used as `src` by browsers that ignore srcset: wide enough for a column.
FALLBACK_WIDTH = 960
# Link previews (Open Graph) want a large picture.
SHARING_WIDTH = 1600


@register.filter
def richtext(value):
    return render_richtext(value)


@register.simple_tag
def fallback_lang(obj, field):
    """` lang="fr"` when `obj.<field>` is shown in French on a page in another language (its
    translation is empty, modeltranslation fell back): screen readers then read it with a French
    voice, as RGAA criterion 8.7 asks of text in another language than the page's."""
    language, fallback = get_language(), settings.MODELTRANSLATION_FALLBACK_LANGUAGES[0]
    if language == fallback or getattr(obj, f"{field}_{language}", None):
        return ""
    if getattr(obj, f"{field}_{fallback}", None):
        return mark_safe(f' lang="{fallback}"')  # noqa: S308 -- a language code from settings
    return ""


@register.inclusion_tag("includes/picture.html")
def picture(obj, name="image", sizes=None, loading="lazy", css_class="", width=None):
    """The image `obj.<name>` with its `<name>_alt` text and `<name>_decorative` flag.

    `width` fixes the displayed width in CSS pixels (e.g. a logo); without it the image takes the
    width the stylesheet gives it, and `sizes` tells the browser which one that is. Prints
    nothing when there is no image, or when it cannot be read.
    """
    available = renditions(getattr(obj, name, None))
    if not available:
        return {"src": None}
    src = ([r for r in available if r.width <= FALLBACK_WIDTH] or available[:1])[-1]
    if width:
        display_width = int(width)
        display_height = max(1, round(src.height * display_width / src.width))
        sizes = sizes or f"{display_width}px"
    else:
        display_width, display_height = src.width, src.height
    decorative = getattr(obj, f"{name}_decorative", False)
    return {
        "src": src.url,
        "srcset": ", ".join(f"{r.url} {r.width}w" for r in available),
        "sizes": sizes or DEFAULT_SIZES,
        "width": display_width,
        "height": display_height,
        "alt": "" if decorative else getattr(obj, f"{name}_alt", ""),
        "loading": loading,
        "css_class": css_class,
    }


@register.simple_tag
def rendition_url(fieldfile, width=SHARING_WIDTH):
    """The URL of the widest rendition up to `width` (e.g. for an Open Graph image), or ""."""
    available = renditions(fieldfile)
    fitting = [r for r in available if r.width <= int(width)] or available[:1]
    return fitting[-1].url if fitting else ""


@register.inclusion_tag("includes/document_link.html")
def document_link(document, title=None):
    """A link to a `Document` (or any object with `file`, `title`, `date`, `file_size`)."""
    return {"document": document, "title": title or document.title}
