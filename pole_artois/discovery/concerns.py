"""What the Pôle does in a commune: the published objectives, progress updates and news that
name it or its agglomeration, newest first, for its page and its Atom feed.

The three kinds are read in one query (a UNION of the same columns), so a commune's page costs the
same whatever the amount of content; the page cache notes every table the query reads, the tables
that name communes included, so naming a commune evicts its page.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy

from chantiers.models import Objective, ObjectiveUpdate
from pole_artois.discovery.expressions import localized
from pole_artois.institution.models import Article

# How many the commune's page lists (the page for all of them pages through the rest).
ON_COMMUNE_PAGE = 8
PER_PAGE = 20
IN_FEED = 20

KINDS = {
    "objective": pgettext_lazy("kind of item", "Objective"),
    "update": pgettext_lazy("kind of item", "Progress update"),
    "article": pgettext_lazy("kind of item", "News article"),
}
# Where each kind's entries are under the site's tag URIs: the same ids as in the news feed and
# the objectives' feeds, so a reader following both shows an item once.
GUID_PATHS = {
    "objective": "chantiers/objective",
    "update": "chantiers/update",
    "article": "actualites/article",
}
COLUMNS = (
    "c_kind",
    "c_id",
    "c_day",
    "c_moment",
    "c_title",
    "c_title_lang",
    "c_context",
    "c_context_lang",
    "c_summary",
    "c_chantier",
    "c_objective",
    "c_slug",
    "c_created",
    "c_updated",
)


@dataclass(frozen=True)
class Concern:
    """One item concerning a commune, as its page and feed show it."""

    kind: str
    pk: int
    day: datetime.date
    moment: datetime.datetime
    title: str
    # "fr" when the title is shown in French on a page in another language (RGAA 8.7).
    title_lang: str
    # The objective an update reports on, or the chantier of an objective; empty for news.
    context: str
    context_lang: str
    summary: str
    url: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @property
    def kind_label(self):
        return KINDS[self.kind]

    @property
    def guid_path(self):
        return GUID_PATHS[self.kind]

    @classmethod
    def from_row(cls, row):
        kind = row["c_kind"]
        if kind == "article":
            url = reverse("institution:article", kwargs={"pk": row["c_id"], "slug": row["c_slug"]})
        else:
            url = reverse(
                "chantiers:objective",
                kwargs={
                    "chantier": row["c_chantier"],
                    "pk": row["c_objective"],
                    "slug": row["c_slug"],
                },
            )
            if kind == "update":
                url += f"#update-{row['c_id']}"
        return cls(
            kind=kind,
            pk=row["c_id"],
            day=row["c_day"],
            moment=row["c_moment"],
            title=row["c_title"],
            title_lang=row["c_title_lang"],
            context=row["c_context"],
            context_lang=row["c_context_lang"],
            summary=row["c_summary"],
            url=url,
            created_at=row["c_created"],
            updated_at=row["c_updated"],
        )


def _text(value):
    return Value(value, output_field=TextField())


def _lang(path, language):
    """ "fr" where the text of `path` in `language` falls back to French, else ""."""
    fallback = settings.MODELTRANSLATION_FALLBACK_LANGUAGES[0]
    if path is None or language == fallback:
        return _text("")
    empty = Q(**{f"{path}_{language}": ""}) | Q(**{f"{path}_{language}__isnull": True})
    return Case(When(empty, then=_text(fallback)), default=_text(""))


def _branch(queryset, kind, *, day, title, context, summary, chantier, objective, slug):
    language = get_language()
    model = queryset.model
    rows = queryset.annotate(
        c_kind=_text(kind),
        c_id=F("pk"),
        c_day=day,
        c_moment=F("published_at"),
        c_title=localized(model, title, language),
        c_title_lang=_lang(title, language),
        c_context=localized(model, context, language) if context else _text(""),
        c_context_lang=_lang(context, language),
        c_summary=localized(model, summary, language),
        c_chantier=F(chantier) if chantier else _text(""),
        c_objective=F(objective) if objective else Value(0, output_field=IntegerField()),
        c_slug=F(slug),
        c_created=F("created_at"),
        c_updated=F("updated_at"),
    )
    # A UNION matches columns by position: modeltranslation's values() would reorder them.
    return getattr(rows, "raw_values", rows.values)(*COLUMNS).order_by()


def concerning(commune):
    """A values() queryset of what concerns `commune`, newest first (slice it: one query)."""
    objectives = _branch(
        Objective.objects.concerning(commune),
        "objective",
        day=TruncDate("published_at"),
        title="title",
        context="chantier__title",
        summary="summary",
        chantier="chantier__slug",
        objective="pk",
        slug="slug",
    )
    updates = _branch(
        ObjectiveUpdate.objects.concerning(commune),
        "update",
        day=F("date"),
        title="title",
        context="objective__title",
        summary="body",
        chantier="objective__chantier__slug",
        objective="objective_id",
        slug="objective__slug",
    )
    news = _branch(
        Article.objects.concerning(commune),
        "article",
        day=TruncDate("published_at"),
        title="title",
        context=None,
        summary="summary",
        chantier=None,
        objective=None,
        slug="slug",
    )
    return objectives.union(updates, news, all=True).order_by(
        "-c_day", "-c_moment", "c_kind", "-c_id"
    )


def latest(commune, count):
    """The `count` newest items concerning `commune` (one query), as Concern."""
    return [Concern.from_row(row) for row in concerning(commune)[:count]]


def for_commune_page(commune):
    """What the commune's page lists (one query), and whether there is more to see."""
    found = latest(commune, ON_COMMUNE_PAGE + 1)
    return found[:ON_COMMUNE_PAGE], len(found) > ON_COMMUNE_PAGE
