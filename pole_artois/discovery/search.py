"""One search over everything the public may read, on what PostgreSQL stores for it.

Rules:
- only what each model's own queryset calls public (`.published()`, the communes of the Pôle);
- in the visitor's language, French when a text has no translation;
- a full-text search on each model's stored document (`search_<language>`, see
  pole_artois/core/search.py: French or English stemming after unaccent), ranked by `SearchRank`,
  plus the titles that contain the query (the stored folded title, trigram-indexed);
- the words are marked by PostgreSQL (`ts_headline`) between two sentinels, and everything else is
  escaped here: content never injects markup through a title or an excerpt;
- at most `PER_KIND` hits per kind (`PER_KIND_ALONE` when one kind is asked for), every kind in
  ONE query (a UNION ALL of one ranked SELECT per kind);
- a bounded cost whatever the input: the query is folded first (NFKD: "ﷺ" is 18 characters, "ﬁ"
  two), then must hold at most `MAX_LENGTH` characters in at most `MAX_WORDS` words of at most
  `MAX_WORD_LENGTH` characters; no regular expression is built from it.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    DateField,
    DateTimeField,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Length, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from psycopg.sql import Literal

from chantiers.models import Chantier, Objective
from partenaires.models import Partner
from pole_artois.core.cache import reading_only, tables_in
from pole_artois.core.dates import long_date
from pole_artois.core.search import CONFIGURATIONS
from pole_artois.core.text import fold
from pole_artois.discovery.expressions import localized
from pole_artois.institution.models import Article, Deliberation, Event, Page
from pole_artois.institution.models.pages import URL_NAMES as PAGE_URL_NAMES
from territoire.models import Commune, Member

PER_KIND = 5
PER_KIND_ALONE = 100
MAX_LENGTH = 200
MAX_WORDS = 12
MAX_WORD_LENGTH = 40
# An excerpt of about two lines.
EXCERPT_MIN_WORDS, EXCERPT_MAX_WORDS = 15, 35
# How many names the "did you mean" of an empty result proposes, and how close they must be
# (pg_trgm's word similarity: the share of the query's trigrams found in one stretch of words).
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.5
WORD = re.compile(r"\w+")
# What ts_headline puts around a marked word: private-use characters, removed from the texts
# before, so that only PostgreSQL's marks become <mark> here.
START, STOP = "\ue000", "\ue001"
SENTINEL = re.compile(f"([{START}{STOP}])")
NO_SENTINELS = str.maketrans("", "", START + STOP)
COLUMNS = (
    "r_kind",
    "r_id",
    "r_title",
    "r_marked_title",
    "r_excerpt",
    "r_detail",
    "r_date",
    "r_key",
    "r_parent",
    "r_rank",
    "r_sort",
)


class QueryTooBig(ValueError):
    """A query beyond the bounds; `code` says which one (length, words or word_length)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def folded_query(typed):
    """The query as the database receives it: folded, within the bounds, or QueryTooBig."""
    folded = fold(typed)
    if len(folded) > MAX_LENGTH:
        raise QueryTooBig("length")
    words = WORD.findall(folded)
    if len(words) > MAX_WORDS:
        raise QueryTooBig("words")
    if any(len(word) > MAX_WORD_LENGTH for word in words):
        raise QueryTooBig("word_length")
    return folded


def wanted_words(query):
    """The query without what PostgreSQL's web-search syntax reads as operators (a word negated
    by a leading "-", "or", quotes): "-lens" must neither find nor mark Lens by its title."""
    tokens = (token.strip('"') for token in query.split())
    return " ".join(
        token
        for token in tokens
        if token and not token.startswith("-") and token.casefold() != "or"
    )


def _joined(expressions):
    """Texts joined by spaces, in one expression."""
    if len(expressions) == 1:
        return expressions[0]
    parts = []
    for expression in expressions:
        parts += [expression, Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def _without_sentinels(expression):
    return Func(expression, Value(START + STOP), Value(""), function="translate")


class _ParentNames(Func):
    """The names (weight A) of a parent's stored document, as codes (weight C) of its child's."""

    template = "setweight(ts_filter(%(expressions)s, '{a}'), 'C')"
    output_field = SearchVectorField()


class _Joined(Func):
    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = SearchVectorField()


def _columns(queryset, *names):
    """values(*names) in that order: a UNION matches columns by position. modeltranslation's
    values() adds and reorders fields; its raw_values() is Django's own."""
    return getattr(queryset, "raw_values", queryset.values)(*names)


def marked(headline, *, rich=False):
    """PostgreSQL's headline as HTML: escaped, white space collapsed, its sentinels turned into
    <mark>; `rich` texts (ts_headline already dropped their tags) also get their entities decoded.

    The sentinels are neither white space nor escaped, so the whole text is collapsed and escaped
    at once (a search with twenty hits marks some forty texts)."""
    if rich and "&" in headline:
        headline = _decoded(headline)
    text = html.escape(" ".join(headline.split()))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 -- escaped


def _decoded(headline):
    """Entities decoded between the sentinels, none into a sentinel: "&#xe000;" is not a mark."""
    return "".join(
        piece if piece in (START, STOP) else html.unescape(piece).translate(NO_SENTINELS)
        for piece in SENTINEL.split(headline)
    )


@dataclass(frozen=True)
class Kind:
    """One kind of content the search finds, and how to show a hit of it.

    What is searched is the model's `search` columns (pole_artois/core/search.py); `parent` is a
    relation whose names are searched too (a commune's agglomeration); `detail` is a short line
    under the title; `date` a date shown with it; `url(pk, key, parent)` rebuilds a hit's
    address from its primary key and the values of `url_key` and `url_parent`, as the model's
    get_absolute_url() does (a test compares them): an instance built per hit only for that
    (modeltranslation fills every translated field) cost 40 to 240 µs, reverse() alone 15.
    """

    key: str
    label: str
    queryset: Callable[[], QuerySet]
    url: Callable[[int, str, str], str]
    url_key: str = "pk"
    url_parent: str | None = None
    parent: str | None = None
    detail: str | None = None
    date: str | None = None
    suggests: bool = False

    def _date(self, model):
        if self.date is None:
            return Cast(Value(None), DateField())
        *relations, name = self.date.split("__")
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        if isinstance(model._meta.get_field(name), DateTimeField):
            return TruncDate(self.date)
        return F(self.date)

    def _text(self, model, paths, language):
        if not paths:
            return Value("", output_field=TextField())
        return _joined([localized(model, path, language) for path in paths])

    def hits(self, query, wanted, language):
        """A values() queryset of this kind's hits for the folded `query` (and its `wanted_words`),
        best first."""
        queryset = self.queryset()
        model = queryset.model
        columns = model.search
        config = CONFIGURATIONS[language]
        vector = F(f"search_{language}")
        if self.parent:
            vector = _Joined(vector, _ParentNames(F(f"{self.parent}__search_{language}")))
        words = SearchQuery(query, search_type="websearch", config=config)
        # Only the wanted words are marked: ts_headline would mark an excluded one too.
        marks = SearchQuery(wanted, search_type="websearch", config=config)
        title = localized(model, columns.title, language)
        if wanted:
            found = Q(r_vector=words) | Q(**{f"search_title_{language}__contains": wanted})
            closeness = Case(
                When(Q(**{f"search_title_{language}": wanted}), then=Value(3.0)),
                When(Q(**{f"search_title_{language}__startswith": wanted}), then=Value(2.0)),
                When(Q(**{f"search_title_{language}__contains": wanted}), then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        else:
            # Nothing but exclusions ("-lens"): nothing a title should contain.
            found, closeness = Q(r_vector=words), Value(0.0, output_field=FloatField())
        texts = self._text(model, columns.texts, language)
        hits = (
            queryset.annotate(r_vector=vector)
            .filter(found)
            .annotate(
                r_kind=Value(self.key, output_field=TextField()),
                r_id=F("pk"),
                r_title=title,
                r_marked_title=SearchHeadline(
                    _without_sentinels(title),
                    marks,
                    config=config,
                    start_sel=START,
                    stop_sel=STOP,
                    highlight_all=True,
                ),
                r_excerpt=(
                    SearchHeadline(
                        _without_sentinels(texts),
                        marks,
                        config=config,
                        start_sel=START,
                        stop_sel=STOP,
                        min_words=EXCERPT_MIN_WORDS,
                        max_words=EXCERPT_MAX_WORDS,
                    )
                    if columns.texts
                    else texts
                ),
                r_detail=(
                    localized(model, self.detail, language)
                    if self.detail
                    else Value("", output_field=TextField())
                ),
                r_date=self._date(model),
                r_key=Cast(self.url_key, TextField()),
                r_parent=(
                    Cast(self.url_parent, TextField())
                    if self.url_parent
                    else Value("", output_field=TextField())
                ),
                r_rank=Cast(SearchRank(F("r_vector"), words) + closeness, FloatField()),
                # Ties go by the folded title: "Écourt" among the E's, whatever the collation.
                r_sort=F(f"search_title_{language}"),
            )
        )
        return _columns(hits, *COLUMNS).order_by("-r_rank", "r_sort")

    def closest(self, needle, language):
        """The public titles of this kind closest to `needle`: the vocabulary of "did you mean"."""
        queryset = self.queryset()
        title = localized(queryset.model, queryset.model.search.title, language)
        closest = (
            queryset.annotate(
                r_kind=Value(self.key, TextField()),
                r_title=title,
                r_score=TrigramWordSimilarity(Value(needle), f"search_title_{language}"),
            )
            .filter(r_score__gte=SUGGESTION_CUTOFF)
            .annotate(r_length=Length(title))
        )
        columns = _columns(closest, "r_kind", "r_title", "r_score", "r_length")
        return columns.order_by("-r_score", "r_length", "r_title")[:SUGGESTIONS]


def _in_pole_communes():
    return Commune.objects.in_pole()


KINDS = (
    Kind(
        key="communes",
        label=_("Communes"),
        queryset=_in_pole_communes,
        parent="member",
        detail="member__name",
        url=lambda pk, key, parent: reverse(
            "territoire:commune", kwargs={"insee_code": key, "slug": parent}
        ),
        url_key="insee_code",
        url_parent="slug",
        suggests=True,
    ),
    Kind(
        key="members",
        label=_("Member collectivities"),
        queryset=Member.objects.all,
        url=lambda pk, key, parent: reverse("territoire:member", kwargs={"slug": key}),
        url_key="slug",
        suggests=True,
    ),
    Kind(
        key="chantiers",
        label=_("Chantiers"),
        queryset=Chantier.objects.published,
        detail="domain",
        url=lambda pk, key, parent: reverse("chantiers:chantier", kwargs={"slug": key}),
        url_key="slug",
        suggests=True,
    ),
    Kind(
        key="objectives",
        label=_("Objectives"),
        queryset=Objective.objects.published,
        parent="chantier",
        detail="chantier__title",
        url=lambda pk, key, parent: reverse(
            "chantiers:objective", kwargs={"chantier": parent, "pk": pk, "slug": key}
        ),
        url_key="slug",
        url_parent="chantier__slug",
    ),
    Kind(
        key="partners",
        label=_("Partners"),
        queryset=Partner.objects.published,
        url=lambda pk, key, parent: reverse("partenaires:detail", kwargs={"slug": key}),
        url_key="slug",
        suggests=True,
    ),
    Kind(
        key="news",
        label=_("News"),
        queryset=Article.objects.published,
        date="published_at",
        url=lambda pk, key, parent: reverse("institution:article", kwargs={"pk": pk, "slug": key}),
        url_key="slug",
    ),
    Kind(
        key="events",
        label=_("Events of the agenda"),
        queryset=Event.objects.published,
        detail="place",
        date="date",
        url=lambda pk, key, parent: reverse("institution:event", kwargs={"pk": pk, "slug": key}),
        url_key="slug",
    ),
    Kind(
        key="acts",
        label=_("Acts (délibérations)"),
        queryset=Deliberation.objects.published,
        detail="number",
        date="seance__date",
        url=lambda pk, key, parent: reverse("institution:deliberation", kwargs={"pk": pk}),
    ),
    Kind(
        key="pages",
        label=_("Pages about the Pôle"),
        queryset=Page.objects.all,
        url=lambda pk, key, parent: reverse(PAGE_URL_NAMES[key]),
        url_key="key",
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Hit:
    title: SafeString
    url: str
    excerpt: SafeString
    detail: str
    date: date | None

    def html(self):
        """The hit as the results list shows it: written here, since the template's dozen
        lookups and two date filters per hit made a search showing twenty hits cost half as much
        again as one showing one."""
        meta = []
        if self.date:
            written = escape(long_date(self.date))
            meta.append(f'<time datetime="{self.date.isoformat()}">{written}</time>')
        if self.detail:
            meta.append(escape(self.detail))
        return mark_safe(  # noqa: S308 -- title and excerpt are escaped by marked(), the rest here
            f'\n    <li>\n      <h3><a href="{escape(self.url)}">{self.title}</a></h3>'
            + (f'\n      <p class="meta">{" · ".join(meta)}</p>' if meta else "")
            + (f"\n      <p>{self.excerpt}</p>" if self.excerpt else "")
            + "\n    </li>"
        )


@dataclass(frozen=True)
class Group:
    kind: Kind
    hits: list[Hit]
    has_more: bool


@dataclass(frozen=True)
class Results:
    query: str
    groups: list[Group]


def _union(querysets):
    """One query for all of them."""
    first, *others = querysets
    # order_by(): the union would otherwise be sorted by the first model's Meta.ordering.
    return first.union(*others, all=True).order_by() if others else first


# Where the visitor's words go in a query built once (private-use characters, which the folded
# query cannot hold: fold() keeps them, but they are not \w and never reach a document).
QUERY_MARK, WANTED_MARK = "\ue010query\ue011", "\ue010wanted\ue011"
# A placeholder of Django's SQL ("%s"), or a percent sign it doubled ("%%").
_PLACEHOLDER = re.compile(r"%(.)", re.DOTALL)
# The slot of the current time in a compiled query.
_NOW = object()


@dataclass(frozen=True)
class _Compiled:
    """A query's SQL with every constant already written as a literal: `slots[i]` (a parameter
    holding marks, or _NOW) goes between `pieces[i]` and `pieces[i + 1]`; `distinct` holds each
    slot once (a word fills dozens)."""

    pieces: tuple[str, ...]
    slots: tuple[object, ...]
    distinct: tuple[object, ...]
    tables: frozenset[str]

    def sql(self, literals):
        """The SQL with `literals` (slot → SQL literal) in place of its slots."""
        parts = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            parts += [literals[slot], piece]
        return "".join(parts)


# SQL of the searches, per shape (language, kinds, ...): built once per process.
_COMPILED = {}


def _compiled(sql, params, marks, adapting):
    """`sql` and its `params` as a _Compiled: every parameter but the current time and those
    holding one of `marks` written once, by psycopg's own quoting for the connection
    `adapting` (what it would write for them on every run: it merges parameters client-side)."""
    params = iter(params)
    pieces, slots, piece = [], [], []
    for index, part in enumerate(_PLACEHOLDER.split(sql)):
        if index % 2 == 0 or part == "%":
            piece.append(part)
            continue
        if part != "s":
            raise ValueError(f"unexpected placeholder %{part} in a search's SQL")
        param = next(params)
        if isinstance(param, datetime):
            slot = _NOW
        elif isinstance(param, str) and any(mark in param for mark in marks):
            slot = param
        else:
            piece.append(Literal(param).as_string(adapting))
            continue
        pieces.append("".join(piece))
        slots.append(slot)
        piece = []
    pieces.append("".join(piece))
    if any(True for _ in params):
        raise ValueError("more parameters than placeholders in a search's SQL")
    return _Compiled(
        tuple(pieces), tuple(slots), tuple(dict.fromkeys(slots)), frozenset(tables_in(sql))
    )


def _rows(shape, build, columns, values):
    """The rows of the query `build()` returns, with `values` (mark → text) in place of its marks.

    Building the UNION of every kind's ranked SELECT through the ORM cost more than PostgreSQL
    takes to run it, and so did merging its hundreds of parameters on every run: its SQL is
    built once per process for each shape, its constants written as literals, with marks where
    the words go; each run writes only the words (a LIKE pattern gets them escaped, as the ORM
    does) and the time, by psycopg's quoting. "Published now" is the only date in it.
    """
    with connection.cursor() as cursor:
        adapting = connection.connection
        compiled = _COMPILED.get(shape)
        if compiled is None:
            before = timezone.now()
            sql, params = build().query.sql_with_params()
            dates = [param for param in params if isinstance(param, datetime)]
            if not all(before <= param <= timezone.now() for param in dates):
                raise ValueError("a search may hold no other date than the current time")
            compiled = _COMPILED[shape] = _compiled(sql, params, values, adapting)
        now = timezone.now()
        literals = {
            slot: Literal(now if slot is _NOW else _bound(slot, values)).as_string(adapting)
            for slot in compiled.distinct
        }
        # No parameters: psycopg sends the SQL as it is (a LIKE pattern's "%" included).
        with reading_only(compiled.tables):
            cursor.execute(compiled.sql(literals))
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _bound(param, values):
    if param in values:
        return values[param]
    for mark, value in values.items():
        if mark in param:
            param = param.replace(mark, connection.ops.prep_for_like_query(value))
    return param


def _language():
    language = get_language()
    return language if language in CONFIGURATIONS else "fr"


def search(query, kind=None):
    """The hits for `query`, grouped by kind in KINDS order; only one kind when `kind` is given.
    QueryTooBig when the query is beyond the bounds (the search form says so first)."""
    folded = folded_query(query)
    wanted = wanted_words(folded)
    language = _language()
    kinds = [KINDS_BY_KEY[kind]] if kind else list(KINDS)
    limit = PER_KIND_ALONE if kind else PER_KIND
    marks = {QUERY_MARK: folded, WANTED_MARK: wanted}
    rows = _rows(
        ("hits", language, kind, bool(wanted)),
        lambda: _union(
            [
                kind.hits(QUERY_MARK, WANTED_MARK if wanted else "", language)[: limit + 1]
                for kind in kinds
            ]
        ),
        COLUMNS,
        marks,
    )
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["r_kind"], []).append(row)
    groups = []
    for kind in kinds:
        if kind.key not in by_kind:
            continue
        # A UNION keeps no order of its own: each kind's rows sorted again as its SELECT was.
        found = sorted(by_kind[kind.key], key=lambda row: (-row["r_rank"], row["r_sort"]))
        hits = [
            Hit(
                title=marked(row["r_marked_title"]),
                url=kind.url(row["r_id"], row["r_key"], row["r_parent"]),
                excerpt=marked(row["r_excerpt"], rich=True),
                detail=row["r_detail"],
                date=row["r_date"],
            )
            for row in found[:limit]
        ]
        groups.append(Group(kind=kind, hits=hits, has_more=len(found) > limit))
    return Results(query=query, groups=groups)


def suggestions(query):
    """Names close to a query that found nothing ("Lievn" → "Liévin"), in one query."""
    needle = wanted_words(folded_query(query))
    if not needle:
        return []
    language = _language()
    rows = _rows(
        ("closest", language),
        lambda: _union([kind.closest(WANTED_MARK, language) for kind in KINDS if kind.suggests]),
        ("r_kind", "r_title", "r_score", "r_length"),
        {WANTED_MARK: needle},
    )
    ranked = sorted(rows, key=lambda row: (-row["r_score"], row["r_length"], row["r_title"]))
    names = []
    for row in ranked:
        if row["r_title"] not in names:
            names.append(row["r_title"])
    return names[:SUGGESTIONS]
