"""One search over everything the public may read.

Rules:
- only what each model's own queryset calls public (`.published()`, the communes of the Pôle);
- in the visitor's language, French when a text has no translation;
- accent- and case-insensitive: on PostgreSQL a full-text search (French or English stemming after
  `unaccent`, see migrations/0001) ranked by `SearchRank`, plus titles containing the query; on
  SQLite, every word of the query contained in the texts, accents folded by Python;
- at most `PER_KIND` hits per kind (`PER_KIND_ALONE` when one kind is asked for), every kind in
  ONE query on PostgreSQL (a UNION ALL of one ranked SELECT per kind), one query per kind on SQLite.
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import chain

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    DateField,
    DateTimeField,
    F,
    FloatField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, TruncDate
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chantiers.models import Chantier, Objective
from partenaires.models import Partner
from pole_artois.core.text import fold, html_to_text
from pole_artois.discovery.expressions import Fold, localized
from pole_artois.discovery.highlight import WORD, highlight, search_terms
from pole_artois.institution.models import Article, Deliberation, Page
from territoire.models import Commune, Member

PER_KIND = 5
PER_KIND_ALONE = 100
EXCERPT_LENGTH = 240
TEXT_SEARCH_CONFIGURATIONS = {"fr": "french_unaccent", "en": "english_unaccent"}
# How many names the "did you mean" of an empty result proposes, and how close they must be.
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.75
COLUMNS = (
    "r_kind",
    "r_id",
    "r_title",
    "r_text",
    "r_detail",
    "r_date",
    "r_key",
    "r_parent",
    "r_rank",
)


def _joined(expressions):
    """Texts joined by spaces, in one expression."""
    if len(expressions) == 1:
        return expressions[0]
    parts = chain.from_iterable((expression, Value(" ")) for expression in expressions)
    return Concat(*list(parts)[:-1], output_field=TextField())


def _columns(queryset, *names):
    """values(*names) in that order: a UNION matches columns by position. modeltranslation's
    values() adds and reorders fields; its raw_values() is Django's own."""
    return getattr(queryset, "raw_values", queryset.values)(*names)


@dataclass(frozen=True)
class Kind:
    """One kind of content the search finds, and how to show a hit of it.

    `texts` are searched and make the excerpt; `searched` are searched but not shown (codes, the
    names of related things); `detail` is a short line under the title; `date` a date shown with
    it; `url(pk, key, parent)` rebuilds a hit's address, through the model's own
    get_absolute_url(), from its primary key and the values of `url_key` and `url_parent`.
    """

    key: str
    label: str
    queryset: Callable[[], QuerySet]
    title: str
    url: Callable[[int, str, str], str]
    url_key: str = "pk"
    url_parent: str | None = None
    texts: tuple[str, ...] = ()
    searched: tuple[str, ...] = ()
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

    def hits(self, query, language):
        """A values() queryset of this kind's hits for `query`, best first."""
        queryset = self.queryset()
        model = queryset.model
        title = localized(model, self.title, language)
        texts = [localized(model, path, language) for path in self.texts]
        searched = [localized(model, path, language) for path in self.searched]
        needle = fold(wanted_words(query))
        queryset = queryset.annotate(r_folded_title=Fold(title))
        closeness = Case(
            When(r_folded_title=needle, then=Value(3.0)),
            When(r_folded_title__startswith=needle, then=Value(2.0)),
            When(r_folded_title__contains=needle, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        if not needle:
            # Nothing but exclusions ("-lens"): nothing a title should contain.
            closeness, needle = Value(0.0, output_field=FloatField()), None
        if connection.vendor == "postgresql":
            config = TEXT_SEARCH_CONFIGURATIONS.get(language, "french_unaccent")
            vector = SearchVector(title, weight="A", config=config)
            if texts or searched:
                vector += SearchVector(*texts, *searched, weight="B", config=config)
            words = SearchQuery(query, search_type="websearch", config=config)
            in_title = Q(r_folded_title__contains=needle) if needle else Q(pk__in=[])
            queryset = queryset.annotate(r_vector=vector).filter(Q(r_vector=words) | in_title)
            rank = SearchRank(F("r_vector"), words) + closeness
        else:
            # Without PostgreSQL's search syntax: every wanted word, exclusions not understood.
            if needle is None:
                queryset = queryset.none()
            queryset = queryset.annotate(r_haystack=Fold(_joined([title, *texts, *searched])))
            for word in WORD.findall(needle or ""):
                queryset = queryset.filter(r_haystack__contains=word)
            rank = closeness
        hits = queryset.annotate(
            r_kind=Value(self.key, output_field=TextField()),
            r_id=F("pk"),
            r_title=title,
            r_text=_joined(texts) if texts else Value("", output_field=TextField()),
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
            r_rank=Cast(rank, FloatField()),
        )
        return _columns(hits, *COLUMNS).order_by("-r_rank", "r_title")

    def titles(self, language):
        """Every public title of this kind: the vocabulary of "did you mean"."""
        title = localized(self.queryset().model, self.title, language)
        titles = self.queryset().annotate(r_kind=Value(self.key, TextField()), r_title=title)
        return _columns(titles, "r_kind", "r_title").order_by()


def _in_pole_communes():
    return Commune.objects.in_pole()


KINDS = (
    Kind(
        key="communes",
        label=_("Communes"),
        queryset=_in_pole_communes,
        title="name",
        texts=("description",),
        searched=("insee_code", "postal_codes", "member__name", "member__short_name"),
        detail="member__name",
        url=lambda pk, key, parent: Commune(insee_code=key, slug=parent).get_absolute_url(),
        url_key="insee_code",
        url_parent="slug",
        suggests=True,
    ),
    Kind(
        key="members",
        label=_("Member collectivities"),
        queryset=Member.objects.all,
        title="name",
        texts=("description",),
        searched=("short_name", "official_name", "siren"),
        url=lambda pk, key, parent: Member(slug=key).get_absolute_url(),
        url_key="slug",
        suggests=True,
    ),
    Kind(
        key="chantiers",
        label=_("Chantiers"),
        queryset=Chantier.objects.published,
        title="title",
        texts=("summary", "body"),
        searched=("domain",),
        detail="domain",
        url=lambda pk, key, parent: Chantier(slug=key).get_absolute_url(),
        url_key="slug",
        suggests=True,
    ),
    Kind(
        key="objectives",
        label=_("Objectives"),
        queryset=Objective.objects.published,
        title="title",
        texts=("summary", "body"),
        searched=("chantier__title",),
        detail="chantier__title",
        url=lambda pk, key, parent: Objective(
            pk=pk, slug=key, chantier=Chantier(slug=parent)
        ).get_absolute_url(),
        url_key="slug",
        url_parent="chantier__slug",
    ),
    Kind(
        key="partners",
        label=_("Partners"),
        queryset=Partner.objects.published,
        title="name",
        texts=("description",),
        searched=("short_name",),
        url=lambda pk, key, parent: Partner(slug=key).get_absolute_url(),
        url_key="slug",
        suggests=True,
    ),
    Kind(
        key="news",
        label=_("News"),
        queryset=Article.objects.published,
        title="title",
        texts=("summary", "body"),
        date="published_at",
        url=lambda pk, key, parent: Article(pk=pk, slug=key).get_absolute_url(),
        url_key="slug",
    ),
    Kind(
        key="acts",
        label=_("Acts (délibérations)"),
        queryset=Deliberation.objects.published,
        title="subject",
        searched=("number",),
        detail="number",
        date="seance__date",
        url=lambda pk, key, parent: Deliberation(pk=pk).get_absolute_url(),
    ),
    Kind(
        key="pages",
        label=_("Pages about the Pôle"),
        queryset=Page.objects.all,
        title="title",
        texts=("summary", "body"),
        url=lambda pk, key, parent: Page(key=key).get_absolute_url(),
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


@dataclass(frozen=True)
class Group:
    kind: Kind
    hits: list[Hit]
    has_more: bool


@dataclass(frozen=True)
class Results:
    query: str
    groups: list[Group]


def wanted_words(query):
    """The query without what PostgreSQL's web-search syntax reads as operators (a word negated
    by a leading "-", "or", quotes): "-lens" must neither find nor mark Lens by its title."""
    tokens = (token.strip('"') for token in query.split())
    return " ".join(
        token
        for token in tokens
        if token and not token.startswith("-") and token.casefold() != "or"
    )


def _union(querysets):
    """One query for all when the database can order and cut each part; else one per part."""
    if connection.features.supports_slicing_ordering_in_compound:
        first, *others = querysets
        # order_by(): the union would otherwise be sorted by the first model's Meta.ordering.
        return list(first.union(*others, all=True).order_by()) if others else list(first)
    return list(chain.from_iterable(querysets))


def _language():
    language = get_language()
    return language if language in TEXT_SEARCH_CONFIGURATIONS else "fr"


def search(query, kind=None):
    """The hits for `query`, grouped by kind in KINDS order; only one kind when `kind` is given."""
    language = _language()
    kinds = [KINDS_BY_KEY[kind]] if kind else list(KINDS)
    limit = PER_KIND_ALONE if kind else PER_KIND
    rows = _union([kind.hits(query, language)[: limit + 1] for kind in kinds])
    terms = search_terms(wanted_words(query))
    groups = []
    for kind in kinds:
        found = sorted(
            (row for row in rows if row["r_kind"] == kind.key),
            key=lambda row: (-row["r_rank"], fold(row["r_title"])),
        )
        if not found:
            continue
        hits = [
            Hit(
                title=highlight(row["r_title"], terms),
                url=kind.url(row["r_id"], row["r_key"], row["r_parent"]),
                excerpt=highlight(html_to_text(row["r_text"]), terms, max_length=EXCERPT_LENGTH),
                detail=row["r_detail"],
                date=row["r_date"],
            )
            for row in found[:limit]
        ]
        groups.append(Group(kind=kind, hits=hits, has_more=len(found) > limit))
    return Results(query=query, groups=groups)


def suggestions(query):
    """Names close to a query that found nothing ("Lievn" → "Liévin"), in one query."""
    language = _language()
    names = {
        row["r_title"] for row in _union([kind.titles(language) for kind in KINDS if kind.suggests])
    }
    wanted = fold(query)
    scored = []
    for name in names:
        candidates = [fold(name), *(fold(word) for word in WORD.findall(name))]
        score = max(
            difflib.SequenceMatcher(None, wanted, candidate).ratio() for candidate in candidates
        )
        if score >= SUGGESTION_CUTOFF:
            scored.append((-score, len(name), name))
    return [name for _score, _length, name in sorted(scored)[:SUGGESTIONS]]
