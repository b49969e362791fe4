"""The three chantiers of the Pôle, their objectives, and what partners follow about each one.

An objective is public only when it and its chantier are published; an update only when its
objective is public too. Each queryset's `published()` says so, and every page, list and feed
goes through it.
"""

import functools
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import (
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.translator import translator

from partenaires.models import Partner
from pole_artois.core.documents import Document, PdfField
from pole_artois.core.images import (
    ValidatedImageField,
    alt_text_field,
    check_alt_text,
    decorative_field,
)
from pole_artois.core.publication import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    published_lookups,
)
from pole_artois.core.richtext import RichTextField
from pole_artois.core.search import SearchColumns, search_indexes
from pole_artois.core.text import to_slug
from pole_artois.core.uploads import SafeUploadTo
from territoire.models import Member, concerned_agglomerations, concerned_communes, concerning

# Addresses under /chantiers/ that a chantier's slug must not take.
RESERVED_SLUGS = {"flux", "suivi"}


class Chantier(Publishable):
    """One of the Pôle's three programmes of work, grouping its objectives."""

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Part of the page's address; fixed once created, so that links keep working."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Chantiers are listed by increasing order.")
    )
    title = models.CharField(_("title"), max_length=200)
    domain = models.CharField(
        _("domain"), max_length=200, help_text=_("E.g. “Territorial planning”.")
    )
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, shown in lists."))
    body = RichTextField(_("text"), blank=True)
    image = ValidatedImageField(_("image"), upload_to=SafeUploadTo("chantiers"), blank=True)
    image_alt = alt_text_field()
    image_decorative = decorative_field()

    search = SearchColumns(
        title="title",
        texts=("summary", "body"),
        codes=("domain",),
        translated=("title", "summary", "body", "domain"),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("chantier")
        indexes = search_indexes("chantier")
        verbose_name_plural = _("chantiers")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        check_alt_text(self, "image")
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is taken by the site: choose another.")})

    def get_absolute_url(self):
        return reverse("chantiers:chantier", kwargs={"slug": self.slug})

    def get_feed_url(self):
        return reverse("chantiers:chantier-feed", kwargs={"slug": self.slug})


def _is_staff(user):
    return user.is_authenticated and user.is_staff


class ObjectiveQuerySet(PublishableQuerySet):
    def published(self):
        return super().published().filter(**published_lookups("chantier__"))

    def visible_to(self, user, scheduled=False):
        """With `scheduled`, visitors also get the objectives published for a later date (or in
        a chantier published for a later date): a list of them kept for a while stays right as
        time passes, each one filtered with `Objective.is_visible_to()` when it is read."""
        if not scheduled or _is_staff(user):
            return super().visible_to(user)
        return self.filter(
            status=PublicationStatus.PUBLISHED, chantier__status=PublicationStatus.PUBLISHED
        )

    def with_last_update(self):
        """Objectives annotated with the date of their newest published update (or None)."""
        newest = (
            ObjectiveUpdate.objects.published()
            .filter(objective=OuterRef("pk"))
            .order_by("-date")
            .values("date")[:1]
        )
        return self.annotate(last_update=Subquery(newest))

    def with_tracking(self, only=None):
        """Objectives annotated with their status changes, milestones and indicators with their
        values (`Objective.tracking` reads them): one query for any number of each. With `only`,
        the objective of that number alone gets them (a page that lists its siblings)."""
        tracking = _compiled_tracking()
        if only is not None:
            tracking = Case(When(pk=only, then=tracking))
        return self.annotate(tracking_data=tracking)

    def with_standing(self):
        """Objectives annotated with their current status, its date and the planned date of
        their next milestone: what the tracking page filters and sorts on."""
        newest = StatusChange.objects.filter(objective=OuterRef("pk")).order_by("-date", "-pk")
        upcoming = Milestone.objects.filter(
            objective=OuterRef("pk"), state__in=OPEN_MILESTONE_STATES
        ).order_by("planned_date", "pk")
        return self.annotate(
            current_status=Subquery(newest.values("status")[:1]),
            status_since=Subquery(newest.values("date")[:1]),
            next_milestone_date=Subquery(upcoming.values("planned_date")[:1]),
        )

    def for_tracking(self):
        """What a list of objectives with their standing shows, in one query."""
        return (
            self.with_standing()
            .with_tracking()
            .select_related("chantier", "lead_member", "lead_partner")
        )

    def concerning(self, commune):
        """The published objectives that name `commune` or its agglomeration."""
        return self.published().filter(concerning(Objective, commune))

    def for_page(self, user):
        """What an objective's page shows, as `user` may see it: four queries, its members coming
        with its tracking and the date of its newest update (`Objective.members_involved`)."""
        members = Member.objects.filter(objectives=OuterRef("pk")).order_by(*Member._meta.ordering)
        member = JSONObject(pk="pk", **{name: name for name in MEMBER_FIELDS})
        return (
            self.with_last_update()
            .with_tracking()
            .annotate(members_data=_rows(members, member))
            .select_related("chantier", "lead_member", "lead_partner")
            .prefetch_related(
                Prefetch(
                    "updates",
                    queryset=ObjectiveUpdate.objects.visible_to(user).select_related("milestone"),
                ),
                "documents",
                Prefetch("partners", queryset=Partner.objects.visible_to(user)),
            )
        )

    def alongside(self, pk):
        """The objectives of the chantier of objective `pk`, that one included (one query for a
        page that shows an objective among its siblings)."""
        return self.filter(chantier__objectives__pk=pk).select_related("chantier")


class Objective(Publishable):
    """An objective of a chantier: what partners follow, with its updates and documents."""

    chantier = models.ForeignKey(
        Chantier,
        verbose_name=_("chantier"),
        related_name="objectives",
        on_delete=models.PROTECT,
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Objectives are listed by increasing order.")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_(
            "Part of the page's address. It may change: the address also holds a number, so old "
            "links lead to the page."
        ),
    )
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, shown in lists."))
    body = RichTextField(_("text"), blank=True)
    members = models.ManyToManyField(
        "territoire.Member",
        verbose_name=_("members involved"),
        related_name="objectives",
        blank=True,
    )
    partners = models.ManyToManyField(
        "partenaires.Partner",
        verbose_name=_("partners involved"),
        related_name="objectives",
        blank=True,
    )
    # Where it applies, which may differ from who takes part: every member may be involved in an
    # objective carried out in three communes.
    communes = concerned_communes(
        "objectives_concerning",
        _(
            "Optional: the communes where the objective applies (not who takes part). It is "
            "listed on their pages and in their feeds, with its progress updates."
        ),
    )
    agglomerations = concerned_agglomerations(
        "objectives_concerning",
        _(
            "Optional: it is listed on the pages of every commune of these agglomerations. Leave "
            "both empty for an objective about the whole Pôle."
        ),
    )
    lead_member = models.ForeignKey(
        "territoire.Member",
        verbose_name=_("lead member"),
        related_name="objectives_led",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The member that leads the objective, among the members involved."),
    )
    lead_partner = models.ForeignKey(
        "partenaires.Partner",
        verbose_name=_("lead partner"),
        related_name="objectives_led",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Or the partner that leads it, among the partners involved."),
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)

    search = SearchColumns(
        title="title", texts=("summary", "body"), translated=("title", "summary", "body")
    )

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("objective")
        indexes = search_indexes("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_member__isnull=True) | Q(lead_partner__isnull=True),
                name="objective_one_lead",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.lead_member_id and self.lead_partner_id:
            raise ValidationError(
                {"lead_partner": _("An objective has one lead: a member or a partner.")}
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = to_slug(self.title_fr)[:100] or "objectif"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "chantiers:objective",
            kwargs={"chantier": self.chantier.slug, "pk": self.pk, "slug": self.slug},
        )

    def get_feed_url(self):
        return reverse(
            "chantiers:objective-feed", kwargs={"chantier": self.chantier.slug, "pk": self.pk}
        )

    @property
    def last_updated(self):
        """The date a partner cares about: its newest update, or its own last modification."""
        modified = timezone.localdate(self.updated_at)
        last_update = getattr(self, "last_update", None)
        return max(modified, last_update) if last_update else modified

    @property
    def lead(self):
        """Who leads it, as the public may see it (a partner still in draft is not named)."""
        if self.lead_member_id:
            return self.lead_member
        if self.lead_partner_id and self.lead_partner.is_published:
            return self.lead_partner
        return None

    @cached_property
    def members_involved(self):
        """Its members, from an objective read by `for_page()`."""
        return [Member(**row) for row in self.members_data]

    @cached_property
    def tracking(self):
        data = getattr(self, "tracking_data", None)
        if data is None:
            data = (
                Objective.objects.filter(pk=self.pk)
                .with_tracking()
                .values_list("tracking_data", flat=True)
                .get()
            )
        return Tracking.from_data(data)

    def is_visible_to(self, user):
        """What `visible_to(user)` says of this objective now."""
        return _is_staff(user) or (self.is_published and self.chantier.is_published)

    @property
    def has_contact(self):
        return any((self.contact_name, self.contact_email, self.contact_phone))


class ObjectiveUpdateQuerySet(PublishableQuerySet):
    def published(self):
        return (
            super()
            .published()
            .filter(
                **published_lookups("objective__"), **published_lookups("objective__chantier__")
            )
        )

    def concerning(self, commune):
        """The published updates that name `commune` or its agglomeration, or whose objective
        does."""
        return self.published().filter(
            concerning(ObjectiveUpdate, commune) | concerning(Objective, commune, "objective")
        )

    def for_feed(self):
        return (
            self.published()
            .select_related("objective__chantier")
            .order_by("-date", "-published_at")
        )


class ObjectiveUpdate(Publishable):
    """A dated progress report on an objective, shown on its page and in the feeds."""

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        related_name="updates",
        on_delete=models.CASCADE,
    )
    date = models.DateField(
        _("date"), default=timezone.localdate, help_text=_("The date of the progress reported.")
    )
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"))
    milestone = models.ForeignKey(
        "Milestone",
        verbose_name=_("milestone"),
        related_name="updates",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Optional: the milestone of the objective this update reports on."),
    )
    communes = concerned_communes(
        "updates_concerning",
        _(
            "Optional: communes this update is about, besides those of its objective (its "
            "updates are listed on their pages already)."
        ),
    )
    agglomerations = concerned_agglomerations(
        "updates_concerning",
        _("Optional: it is listed on the pages of every commune of these agglomerations."),
    )

    objects = ObjectiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-published_at", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.objective.get_absolute_url()}#{self.anchor}"

    def clean(self):
        super().clean()
        if self.milestone and self.milestone.objective_id != self.objective_id:
            raise ValidationError(
                {"milestone": _("Choose a milestone of this update's objective.")}
            )

    @property
    def anchor(self):
        return f"update-{self.pk}"


class ObjectiveDocument(Document):
    """A PDF offered for download on an objective's page."""

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        related_name="documents",
        on_delete=models.CASCADE,
    )
    file = PdfField(
        _("PDF file"),
        upload_to=SafeUploadTo("chantiers", extension="pdf"),
        help_text=_("PDF only, at most 20 MB."),
        delete_replaced=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(Document.Meta):
        ordering = ["order", "-date", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class ObjectiveStatus(models.TextChoices):
    STUDY = "study", _("under study")
    COMMITTED = "committed", _("committed")
    UNDER_WAY = "under-way", _("under way")
    ACHIEVED = "achieved", _("achieved")
    SUSPENDED = "suspended", _("suspended")


class StatusChange(models.Model):
    """A dated step in an objective's life: the newest one is its current status."""

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        related_name="status_changes",
        on_delete=models.CASCADE,
    )
    status = models.CharField(_("status"), max_length=16, choices=ObjectiveStatus.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("Optional: why it changed, in a line.")
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.get_status_display()} ({self.date:%Y-%m-%d})"


class MilestoneState(models.TextChoices):
    PLANNED = "planned", _("planned")
    REACHED = "reached", _("reached")
    POSTPONED = "postponed", _("postponed")
    ABANDONED = "abandoned", _("abandoned")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")


OPEN_MILESTONE_STATES = (MilestoneState.PLANNED, MilestoneState.POSTPONED)


class Milestone(models.Model):
    """A step of an objective planned for a date (or a month): reached, postponed or abandoned."""

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        related_name="milestones",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("title"), max_length=200)
    planned_date = models.DateField(_("planned date"))
    precision = models.CharField(
        _("precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("“Month” shows only the month and year of the planned date."),
    )
    original_date = models.DateField(
        _("date first planned"),
        null=True,
        blank=True,
        help_text=_(
            "Kept when the planned date of a recorded milestone changes, and shown beside the "
            "new one."
        ),
    )
    state = models.CharField(
        pgettext_lazy("milestone", "state"),
        max_length=16,
        choices=MilestoneState.choices,
        default=MilestoneState.PLANNED,
    )
    reached_on = models.DateField(_("date reached"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        ordering = ["planned_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A postponed milestone keeps its first date visibly: the change itself records it.
        if self.pk and not self.original_date:
            stored = Milestone.objects.filter(pk=self.pk).values_list("planned_date", flat=True)
            if (first := stored.first()) and first != self.planned_date:
                self.original_date = first
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.state == MilestoneState.REACHED and not self.reached_on:
            raise ValidationError({"reached_on": _("A reached milestone needs its date.")})
        if self.state != MilestoneState.REACHED and self.reached_on:
            raise ValidationError({"reached_on": _("Only a reached milestone has a date reached.")})

    @property
    def is_open(self):
        return self.state in OPEN_MILESTONE_STATES

    @property
    def was_moved(self):
        return bool(self.original_date) and self.original_date != self.planned_date

    @property
    def anchor(self):
        return f"milestone-{self.pk}"


class Indicator(models.Model):
    """A figure that tells how far an objective has come, with its measured values."""

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        related_name="indicators",
        on_delete=models.CASCADE,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("E.g. “ha”, “%”, “jobs”.")
    )
    definition = models.TextField(_("definition"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{self.objective.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"indicator-{self.pk}"

    @property
    def pole_series(self):
        """The values for the whole Pôle, by date (`series` comes with `Objective.tracking`)."""
        return [value for value in self.series if value.member_id is None]

    @property
    def member_series(self):
        return [value for value in self.series if value.member_id is not None]

    @property
    def latest(self):
        pole = self.pole_series
        return pole[-1] if pole else None

    @property
    def at_target(self):
        """Whether the latest value has reached the target, going from the baseline towards it
        (a target below the baseline is reached from above)."""
        if self.target_value is None or self.latest is None:
            return False
        if self.baseline_value is not None and self.baseline_value > self.target_value:
            return self.latest.value <= self.target_value
        return self.latest.value >= self.target_value

    def clean(self):
        super().clean()
        for kind in ("baseline", "target"):
            value, day = getattr(self, f"{kind}_value"), getattr(self, f"{kind}_date")
            if day and value is None:
                raise ValidationError({f"{kind}_value": _("Give the value for this date.")})


class IndicatorValue(models.Model):
    """A measured value of an indicator, for the whole Pôle or one member agglomeration."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        related_name="values",
        on_delete=models.CASCADE,
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    member = models.ForeignKey(
        "territoire.Member",
        verbose_name=_("member"),
        related_name="indicator_values",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: a value for the whole Pôle."),
    )
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["date", "member", "pk"]
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        constraints = [
            # One value a date for each member (and one for the whole Pôle): an import replaces.
            models.UniqueConstraint(
                fields=["indicator", "date", "member"],
                condition=Q(member__isnull=False),
                name="one_value_per_indicator_date_member",
            ),
            models.UniqueConstraint(
                fields=["indicator", "date"],
                condition=Q(member__isnull=True),
                name="one_pole_value_per_indicator_date",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date:%Y-%m-%d})"


@functools.cache
def _stored_fields(model):
    """The model's columns, less the untranslated ones modeltranslation keeps beside `_fr`/`_en`
    (an instance built from them falls back from English to French like one read from the
    database)."""
    translated = ()
    if model in translator.get_registered_models():
        translated = translator.get_options_for_model(model).fields
    return [field for field in model._meta.concrete_fields if field.name not in translated]


def _row(model, **extra):
    """A row of `model` as a JSON object; decimals as text, so that no digit is lost."""
    columns = {
        field.attname: Cast(field.attname, TextField())
        if isinstance(field, models.DecimalField)
        else F(field.attname)
        for field in _stored_fields(model)
    }
    return JSONObject(**columns, **extra)


def _instance(model, row):
    fields = {field.attname: field for field in _stored_fields(model)}
    return model(**{name: fields[name].to_python(row[name]) for name in fields})


MEMBER_FIELDS = ("slug", "name_fr", "name_en", "short_name_fr", "short_name_en")


def _rows(queryset, row):
    # Through annotate(): modeltranslation's values() adds every column when given none by name.
    return ArraySubquery(queryset.annotate(row=row).values("row"))


@functools.cache
def _compiled_tracking():
    """The tracking expression as SQL, compiled once per process: compiling its nested JSON
    aggregates took a page that lists objectives about 10 ms. It refers to the objective of the
    outer query by its table's name, which every queryset of objectives keeps for its own rows."""
    query = Objective.objects.all().query
    expression = _tracking_expression().resolve_expression(query, allow_joins=True, reuse=None)
    sql, params = query.get_compiler(DEFAULT_DB_ALIAS).compile(expression)
    # The ORM's own SQL for our expression, its values still parameters.
    return RawSQL(sql, params, output_field=models.JSONField())  # noqa: S611


def _tracking_expression():
    values = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by(
        "date", "member__order", "pk"
    )
    member = JSONObject(**{name: f"member__{name}" for name in MEMBER_FIELDS})
    indicators = Indicator.objects.filter(objective=OuterRef("pk")).order_by("order", "pk")
    return JSONObject(
        status_changes=_rows(
            StatusChange.objects.filter(objective=OuterRef("pk")).order_by("-date", "-pk"),
            _row(StatusChange),
        ),
        milestones=_rows(
            Milestone.objects.filter(objective=OuterRef("pk")).order_by("planned_date", "pk"),
            _row(Milestone),
        ),
        indicators=_rows(
            indicators, _row(Indicator, series=_rows(values, _row(IndicatorValue, m=member)))
        ),
    )


def _indicator(row):
    indicator = _instance(Indicator, row)
    indicator.series = []
    for value_row in row["series"]:
        value = _instance(IndicatorValue, value_row)
        if value.member_id:
            value.member = Member(pk=value.member_id, **value_row["m"])
        indicator.series.append(value)
    return indicator


@dataclass(frozen=True)
class Tracking:
    """Where an objective stands: its status history (newest first), its milestones (by date)
    and its indicators, each with its `series` of values (by date)."""

    status_changes: list
    milestones: list
    indicators: list

    @classmethod
    def from_data(cls, data):
        return cls(
            status_changes=[_instance(StatusChange, row) for row in data["status_changes"]],
            milestones=[_instance(Milestone, row) for row in data["milestones"]],
            indicators=[_indicator(row) for row in data["indicators"]],
        )

    @property
    def status(self):
        return self.status_changes[0] if self.status_changes else None

    @property
    def next_milestone(self):
        return next((milestone for milestone in self.milestones if milestone.is_open), None)

    @property
    def indicators_at_target(self):
        return sum(1 for indicator in self.indicators if indicator.at_target)

    @property
    def indicators_with_target(self):
        return sum(1 for indicator in self.indicators if indicator.target_value is not None)
