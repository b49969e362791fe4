"""The accessibility statement the law asks of a public body's website (décret 2019-768, RGAA).

One record, edited in the admin, holds what the RGAA's model statement states: the conformity
and the audit behind it, what is not accessible and why, how the statement was established, the
contact for an accessible alternative; the multi-year plan and the yearly action plans are PDF
documents attached to it. /accessibilite/ shows it, the footer shows its conformity, and the
admin's dashboard asks for a new statement when it is over three years old or the site has
changed substantially since (`SITE_CHANGES`).
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pole_artois.core.documents import Document, PdfField
from pole_artois.core.uploads import SafeUploadTo

# A statement is renewed at least this often, and a multi-year plan covers at most this long.
RENEW_AFTER_YEARS = 3
PLAN_YEARS = 3


@dataclass(frozen=True)
class SiteChange:
    """A release after which the statement no longer describes the site.

    A change is substantial when it adds a public page type (an entry of
    tests/browser/pages.py) or remakes what every page shares (header, menu, footer, styles).
    Whoever makes such a change adds a line here, naming the page types it adds: a test fails
    while a page type of tests/browser/pages.py is missing from these lines.
    """

    released_on: datetime.date
    description: str  # lazily translated: the dashboard shows it
    page_types: tuple[str, ...] = ()


SITE_CHANGES = (
    SiteChange(
        datetime.date(2026, 12, 2),
        _("The site as first published, with the structured accessibility statement."),
        (
            "home",
            "territory",
            "member",
            "member, the Département",
            "commune directory",
            "commune directory, filtered",
            "commune directory, invalid filter",
            "commune",
            "commune, with what concerns it",
            "what concerns a commune",
            "chantiers",
            "chantier",
            "objective",
            "objective, tracked",
            "tracking",
            "partners",
            "partner",
            "the Pôle",
            "news",
            "news article",
            "acts",
            "délibération",
            "séances",
            "séance",
            "agenda",
            "event",
            "contact",
            "contact, message sent",
            "legal notice",
            "personal data",
            "accessibility statement",
            "site map",
            "search",
            "search results",
            "search, invalid query",
            "open data",
            "follow by e-mail",
            "follow by e-mail, request sent",
            "follow by e-mail, confirmation",
            "follow by e-mail, unsubscribe",
            "404",
        ),
    ),
)


class AccessibilityStatus(models.TextChoices):
    """The three levels of the RGAA; without an audit, the law requires "non conforme"."""

    NON_COMPLIANT = "non", _("not compliant")
    PARTIALLY_COMPLIANT = "partiellement", _("partially compliant")
    FULLY_COMPLIANT = "totalement", _("fully compliant")


def status_for_rate(rate):
    """The RGAA's rule: every criterion met is full conformity, half of them at least partial."""
    if rate == 100:
        return AccessibilityStatus.FULLY_COMPLIANT
    if rate >= 50:
        return AccessibilityStatus.PARTIALLY_COMPLIANT
    return AccessibilityStatus.NON_COMPLIANT


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class AccessibilityStatement(models.Model):
    """The website's accessibility statement, as the RGAA's model lays it out. There is one."""

    status = models.CharField(
        _("conformity"),
        max_length=16,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NON_COMPLIANT,
        help_text=_(
            "Shown at the bottom of every page. Without a complete RGAA audit, the site must be "
            "declared not compliant; with one, the rate decides (100%: fully, at least 50%: "
            "partially compliant)."
        ),
    )
    rate = models.PositiveSmallIntegerField(
        _("RGAA criteria met (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("The rate found by the last audit; leave empty when there has been none."),
    )
    rgaa_version = models.CharField(
        _("RGAA version"),
        max_length=20,
        default="4.1.2",
        help_text=_("The version of the standard the audit applied."),
    )
    statement_date = models.DateField(
        _("date of the statement"),
        null=True,
        blank=True,
        help_text=_(
            "The day this statement was established or last updated. Renew it at least every "
            "three years, and after a substantial change of the site: the dashboard reminds you."
        ),
    )
    audit_date = models.DateField(_("date of the audit"), null=True, blank=True)
    auditor = models.CharField(
        _("audit carried out by"),
        max_length=200,
        blank=True,
        help_text=_("The firm or department that carried out the audit."),
    )
    non_compliances = models.TextField(
        _("non-conformities"),
        blank=True,
        help_text=_("What the audit found not accessible, one item per line."),
    )
    disproportionate_burden = models.TextField(
        _("derogations for disproportionate burden"),
        blank=True,
        help_text=_(
            "Content not made accessible because it would be a disproportionate burden, each with "
            "its reason and the accessible alternative offered; one item per line."
        ),
    )
    out_of_scope = models.TextField(
        _("content not subject to the accessibility obligation"),
        blank=True,
        help_text=_(
            "Content outside the scope of the law (for example third-party content neither "
            "funded nor controlled by the Pôle), one item per line."
        ),
    )
    audited_pages = models.TextField(
        _("pages audited"),
        blank=True,
        help_text=_("One page per line: its name, then its address."),
    )
    technologies = models.TextField(
        _("technologies used"),
        blank=True,
        help_text=_("The technologies the site relies on, one per line (HTML5, CSS…)."),
    )
    test_environment = models.TextField(
        _("test environment"),
        blank=True,
        help_text=_(
            "The browsers and assistive technologies of the audit, one combination per line "
            "(NVDA with Firefox…)."
        ),
    )
    tools = models.TextField(
        _("tools used to assess accessibility"),
        blank=True,
        help_text=_("One tool per line."),
    )
    contact_email = models.EmailField(
        _("e-mail for accessibility"),
        blank=True,
        help_text=_(
            "Where visitors ask for an accessible alternative. Empty: the contact e-mail of the "
            "identity and contact details."
        ),
    )
    contact_phone = models.CharField(
        _("telephone for accessibility"),
        max_length=30,
        blank=True,
        help_text=_("Empty: the telephone of the identity and contact details."),
    )

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def __str__(self):
        return str(self._meta.verbose_name).capitalize()

    def save(self, *args, **kwargs):
        self.pk = 1
        # The footer reads the conformity with the identity record, in one query: it must exist.
        apps.get_model("institution", "PoleIdentity").objects.get_or_create(pk=1)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.rate is not None and self.audit_date is None:
            errors["audit_date"] = _("A rate comes from an audit: give the audit's date.")
        if self.status != AccessibilityStatus.NON_COMPLIANT and self.rate is None:
            errors["status"] = _(
                "Without an audit's rate, the RGAA requires the site to be declared not compliant."
            )
        elif self.rate is not None and self.status != status_for_rate(self.rate):
            errors["status"] = _(
                "With %(rate)s%% of the criteria met, the RGAA's conformity is “%(status)s”."
            ) % {"rate": self.rate, "status": status_for_rate(self.rate).label}
        if self.audit_date and self.statement_date and self.statement_date < self.audit_date:
            errors["statement_date"] = _("The statement cannot be older than the audit it states.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def load(cls):
        """The one record; its defaults until an editor has saved it."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def contact(self, identity):
        """(e-mail, telephone) for an accessible alternative, the identity's when left empty."""
        return (self.contact_email or identity.email, self.contact_phone or identity.phone)

    def renew_by(self):
        return self.statement_date and _years_later(self.statement_date, RENEW_AFTER_YEARS)

    def changes_since(self):
        """The substantial changes of the site released after the statement's date."""
        if self.statement_date is None:
            return list(SITE_CHANGES)
        return [change for change in SITE_CHANGES if change.released_on > self.statement_date]

    def is_outdated(self, today):
        """Whether the statement no longer holds: undated, over three years old, or older than a
        substantial change of the site."""
        return self.statement_date is None or self.renew_by() <= today or bool(self.changes_since())


class PlanKind(models.TextChoices):
    MULTI_YEAR = "schema", _("multi-year accessibility plan")
    YEARLY = "plan-annuel", _("yearly action plan")


class AccessibilityPlan(Document):
    """The multi-year plan (schéma pluriannuel, at most three years) or a yearly action plan."""

    statement = models.ForeignKey(
        AccessibilityStatement,
        verbose_name=_("accessibility statement"),
        related_name="plans",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices)
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_(
            "For the multi-year plan: its last year; it covers at most three years "
            "(décret 2019-768). Leave empty for a yearly action plan."
        ),
    )
    file = PdfField(
        _("PDF file"),
        upload_to=SafeUploadTo("accessibilite", extension="pdf"),
        help_text=_("PDF only, at most 20 MB."),
        delete_replaced=True,
    )

    class Meta(Document.Meta):
        # The multi-year plan ("schema") before the yearly ones, the latest first.
        ordering = ["-kind", "-first_year", "pk"]
        verbose_name = _("accessibility plan")
        verbose_name_plural = _("accessibility plans")

    def clean(self):
        super().clean()
        if self.first_year is None:
            return
        if self.kind == PlanKind.YEARLY:
            if self.last_year not in (None, self.first_year):
                raise ValidationError(
                    {"last_year": _("A yearly action plan covers one year: leave this empty.")}
                )
            return
        if self.last_year is None:
            raise ValidationError({"last_year": _("Give the last year of the multi-year plan.")})
        if self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year comes after the first one.")})
        if self.last_year - self.first_year + 1 > PLAN_YEARS:
            raise ValidationError(
                {
                    "last_year": _(
                        "A multi-year plan covers at most three years: from %(first)s to "
                        "%(last)s is too long."
                    )
                    % {"first": self.first_year, "last": self.last_year}
                }
            )

    @property
    def period(self):
        if self.last_year and self.last_year != self.first_year:
            return f"{self.first_year}\u2013{self.last_year}"
        return str(self.first_year)
