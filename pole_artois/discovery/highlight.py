"""Excerpts with the searched words marked, whatever their accents or capitals.

The text is escaped piece by piece and only our own <mark> tags are added: the content can never
inject markup through an excerpt.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from pole_artois.core.text import unaccent

WORD = re.compile(r"\w+")
# Marked wherever a word starts with them, shorter words and these common ones would mark half
# the text ("la" in "Lens", "les" in "lesquels").
MIN_MARKED_LENGTH = 3
UNMARKED = frozenset({"les", "des", "une", "aux", "par", "sur", "pour", "dans", "avec"})
UNMARKED |= frozenset({"the", "and", "for", "with", "from"})
# A French or English plural or feminine ending: "objectifs" still marks "objectif".
MIN_STEM = 4


def _folded_with_positions(text):
    """The folded text, and for each of its characters the index of the original one."""
    folded, positions = [], []
    for index, char in enumerate(text):
        for part in unaccent(char):
            folded.append(part)
            positions.append(index)
    return "".join(folded), positions


def search_terms(query):
    """The words of a query worth marking, folded, longest first."""
    words = {unaccent(word) for word in WORD.findall(query)}
    worth_marking = (
        word for word in words if len(word) >= MIN_MARKED_LENGTH and word not in UNMARKED
    )
    return sorted(worth_marking, key=len, reverse=True)


def _spans(text, terms):
    folded, positions = _folded_with_positions(text)
    spans = []
    for term in terms:
        candidates = [term[:length] for length in range(len(term), MIN_STEM - 1, -1)] or [term]
        for candidate in candidates:
            # At the start of a word only: "parc" marks "parcs", never "bioparc".
            pattern = r"(?<!\w)" + re.escape(candidate)
            found = [match.span() for match in re.finditer(pattern, folded)]
            if found:
                spans += [(positions[start], positions[end - 1] + 1) for start, end in found]
                break
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, terms, max_length=None):
    """`text` escaped, with `terms` in <mark>; cut around the first match when too long."""
    spans = _spans(text, terms)
    start, end = 0, len(text)
    if max_length and len(text) > max_length:
        first = spans[0][0] if spans else 0
        start = max(0, first - max_length // 3)
        if start:
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
        end = min(len(text), start + max_length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > first else end
    pieces = ["…"] if start else []
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 -- every piece of text is escaped above
