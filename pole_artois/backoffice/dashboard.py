"""What the staff should look at first, on the admin's index page.

A section is left out when the person may not see its models. Each list is one query (the total
comes with the first rows, as a window count), so the page costs the same whatever the content.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Q, Window
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator

from chantiers.models import Objective
from pole_artois.backoffice import access
from pole_artois.backoffice.models import PublicationRequest, RequestStatus
from pole_artois.backoffice.roles import CONTENT_APPS, is_publishable, publish_codename
from pole_artois.core.publication import PublicationStatus
from pole_artois.following.summary import FollowingSummary
from pole_artois.institution.models import AccessibilityStatement, ContactMessage, Deliberation

ROWS = 5
STALE_AFTER = timedelta(days=183)


@dataclass
class Row:
    obj: object
    url: str
    when: object = None
    note: str = ""


@dataclass
class RequestRow:
    request: PublicationRequest
    url: str


@dataclass
class RequestSection:
    rows: list
    total: int

    @property
    def more(self):
        return self.total - len(self.rows)


@dataclass
class Section:
    model: type
    rows: list
    total: int
    changelist_url: str

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    @property
    def more(self):
        return self.total - len(self.rows)


def missing_fields(obj, fields):
    """The labels of the fields written in French and not in English: "Summary, Text"."""
    return ", ".join(
        str(capfirst(field.verbose_name))
        for field in obj._meta.fields
        if field.name in fields
        and getattr(obj, f"{field.name}_fr")
        and not getattr(obj, f"{field.name}_en")
    )


class Dashboard:
    def __init__(self, site, request):
        self.site = site
        self.user = request.user

    def _admin_url(self, model, view, *args):
        opts = model._meta
        try:
            return reverse(f"{self.site.name}:{opts.app_label}_{opts.model_name}_{view}", args=args)
        except NoReverseMatch:
            return ""

    def _visible(self, model):
        if model not in self.site._registry:
            return False
        opts = model._meta
        return self.user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or self._editable(
            model
        )

    def _editable(self, model):
        """Work to do (drafts, stale objectives, missing English) is listed only to those who
        can do it: reading objectives to link news to them is not editing them."""
        if model not in self.site._registry:
            return False
        opts = model._meta
        return self.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def _section(self, model, queryset, query="", when=None):
        rows = list(queryset.annotate(dashboard_total=Window(Count("pk")))[:ROWS])
        if not rows:
            return None
        return Section(
            model=model,
            rows=[
                Row(
                    obj=obj,
                    url=self._admin_url(model, "change", obj.pk),
                    when=getattr(obj, when, None) if when else None,
                )
                for obj in rows
            ],
            total=rows[0].dashboard_total,
            changelist_url=self._admin_url(model, "changelist") + query,
        )

    def _content_models(self):
        return [
            model
            for model in self.site._registry
            if model._meta.app_label in CONTENT_APPS and self._editable(model)
        ]

    @cached_property
    def drafts(self):
        sections = []
        for model in self._content_models():
            if is_publishable(model):
                queryset = model._default_manager.filter(status=PublicationStatus.DRAFT)
                section = self._section(
                    model,
                    queryset.order_by("-updated_at"),
                    query=f"?status__exact={PublicationStatus.DRAFT}",
                    when="updated_at",
                )
                sections.append(section)
        return [section for section in sections if section]

    @cached_property
    def stale_objectives(self):
        """Objectives online whose last progress update (or edit) is more than six months old."""
        if not self._editable(Objective):
            return None
        cutoff = timezone.now() - STALE_AFTER
        queryset = (
            Objective.objects.filter(status=PublicationStatus.PUBLISHED)
            .annotate(last_update=Max("updates__date"))
            .filter(
                Q(last_update__lt=cutoff.date())
                | Q(last_update__isnull=True, updated_at__lt=cutoff)
            )
        )
        return self._section(Objective, queryset.order_by("last_update"), when="last_update")

    @cached_property
    def missing_english(self):
        sections = []
        for model in self._content_models():
            try:
                fields = translator.get_options_for_model(model).fields
            except NotRegistered:
                continue
            missing = Q()
            for name in fields:
                french = ~Q(**{f"{name}_fr": ""}) & Q(**{f"{name}_fr__isnull": False})
                english = Q(**{f"{name}_en": ""}) | Q(**{f"{name}_en__isnull": True})
                missing |= french & english
            section = self._section(model, model._default_manager.filter(missing).order_by("pk"))
            if section:
                for row in section.rows:
                    row.note = missing_fields(row.obj, fields)
                sections.append(section)
        return sections

    def _latest(self, model, date_field):
        if not self._visible(model):
            return None
        queryset = model._default_manager.all()
        return self._section(model, queryset, when=date_field)

    @cached_property
    def contact_messages(self):
        return self._latest(ContactMessage, "received_at")

    @cached_property
    def latest_acts(self):
        """The latest délibérations, by the date of their séance."""
        model = Deliberation
        if not self._visible(model):
            return None
        queryset = model._default_manager.select_related("seance").annotate(
            act_date=F("seance__date")
        )
        return self._section(model, queryset.order_by("-act_date", "-pk"), when="act_date")

    @cached_property
    def accessibility_statement(self):
        """The statement, when it must be renewed (models.accessibility): undated, over three
        years old, or older than a substantial change of the site; for those who may edit it."""
        if not self._editable(AccessibilityStatement):
            return None
        statement = AccessibilityStatement.load()
        today = timezone.localdate()
        if not statement.is_outdated(today):
            return None
        if statement.statement_date is None:
            note = gettext("It has no date yet: give the day it is established.")
        elif statement.renew_by() <= today:
            note = gettext("Over three years old: update it after a new check of the site.")
        else:
            change = statement.changes_since()[-1]
            note = gettext("The site changed substantially on %(date)s: %(change)s") % {
                "date": date_format(change.released_on),
                "change": change.description,
            }
        return Section(
            model=AccessibilityStatement,
            rows=[
                Row(
                    obj=statement,
                    url=self._admin_url(AccessibilityStatement, "change", statement.pk),
                    when=statement.statement_date,
                    note=note,
                )
            ],
            total=1,
            changelist_url="",
        )

    @cached_property
    def lockouts(self):
        """The Access block: log-ins locked out now, for those who may lift them (else None)."""
        if not self.user.has_perm(access.UNLOCK_PERMISSION):
            return None
        return access.current_lockouts()

    @cached_property
    def following(self):
        """Who follows what by e-mail and what the next digest says (else None)."""
        if not self.user.has_perm("following.view_follower"):
            return None
        return FollowingSummary()

    def _request_section(self, queryset):
        """Requests with their items (one query per kind of item), those whose item is gone
        left out."""
        requests = list(
            queryset.select_related("requested_by", "decided_by")
            .prefetch_related("item")
            .annotate(dashboard_total=Window(Count("pk")))[:ROWS]
        )
        rows = [
            RequestRow(request=item, url=self._admin_url(type(item.item), "change", item.object_id))
            for item in requests
            if item.item is not None
        ]
        if not rows:
            return None
        return RequestSection(rows=rows, total=requests[0].dashboard_total)

    @cached_property
    def publication_requests(self):
        """Drafts submitted for publication, for those who may publish them."""
        models = [
            model
            for model in self._content_models()
            if is_publishable(model)
            and self.user.has_perm(f"{model._meta.app_label}.{publish_codename(model._meta)}")
        ]
        if not models:
            return None
        types = ContentType.objects.get_for_models(*models).values()
        return self._request_section(
            PublicationRequest.objects.pending()
            .filter(content_type__in=types)
            .order_by("requested_at", "pk")
        )

    @cached_property
    def sent_back(self):
        """This person's drafts sent back with a comment, until submitted again."""
        return self._request_section(
            PublicationRequest.objects.filter(
                requested_by=self.user, status=RequestStatus.SENT_BACK
            )
            .not_superseded()
            .order_by("-decided_at", "-pk")
        )
