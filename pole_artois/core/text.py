import html
import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.text import slugify

# Ligatures are letters of their own for Unicode (no decomposition): PostgreSQL's unaccent and a
# visitor typing "noeux" both spell them out, so folding must too ("Nœux-les-Mines"), and so must
# addresses (slugify() drops them: "nux-les-mines").
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "Oe", "Æ": "Ae"})
# Where the reader sees a break between two words although no space is written: "<h2>Titre</h2>
# <p>Corps" must not become "TitreCorps".
BLOCK_END = re.compile(r"<(?:br|hr|/(?:p|h[1-6]|li|dt|dd|div|blockquote|td|th|tr))\b[^>]*>")


def unaccent(text):
    """Lower-case `text`, spell out ligatures and strip accents; one or more characters per input
    character, in order, white space kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text):
    """`text` as compared by searches: "LIÉVIN", "Liévin" and "lievin" compare equal."""
    return unaccent(text).strip()


def to_slug(text):
    """`text` as the readable part of an address: "Nœux-les-Mines" → "noeux-les-mines"."""
    return slugify(text.translate(LIGATURES))


def html_to_text(value):
    """HTML as the reader sees it: no tags, entities decoded, one space between words."""
    return " ".join(html.unescape(strip_tags(BLOCK_END.sub(" ", str(value or "")))).split())
