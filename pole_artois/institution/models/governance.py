"""Who runs the Pôle: the comité syndical, its elected members' mandates, and the staff.

Mandates carry their dates, so that the page shows the comité as it is on the day it is read, and
stays true after an election once the new mandates are entered.
"""

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ComiteSyndicalQuerySet(models.QuerySet):
    def at(self, day):
        """The comité in office on `day` (the last one installed by then), or None."""
        return self.filter(installed_on__lte=day).order_by("-installed_on").first()

    def current(self):
        return self.at(timezone.localdate())


class ComiteSyndical(models.Model):
    """One composition of the comité syndical, from its installation (after each election)."""

    installed_on = models.DateField(_("installed on"), unique=True)
    delegate_count = models.PositiveSmallIntegerField(
        _("number of delegates"),
        help_text=_("All the delegates of the member collectivities, elected members included."),
    )

    objects = ComiteSyndicalQuerySet.as_manager()

    class Meta:
        ordering = ["-installed_on"]
        verbose_name = _("comité syndical")
        verbose_name_plural = _("comités syndicaux")

    def __str__(self):
        return _("Comité syndical installed on %(date)s") % {"date": self.installed_on}


class Person(models.Model):
    """An elected member of the comité syndical."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("elected member")
        verbose_name_plural = _("elected members")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Role(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice-president", _("Vice-president")
    DELEGATE = "delegate", _("Delegate")


class MandateQuerySet(models.QuerySet):
    def at(self, day):
        """The mandates running on `day`: the comité's officers as they were on that date."""
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def current(self):
        return self.at(timezone.localdate())

    def in_protocol_order(self):
        """President first, then vice-presidents in their rank, then delegates; people loaded."""
        rank = Case(
            When(role=Role.PRESIDENT, then=Value(0)),
            When(role=Role.VICE_PRESIDENT, then=Value(1)),
            default=Value(2),
        )
        return self.select_related("person", "member").order_by(
            rank, "rank", "person__last_name", "person__first_name"
        )


class Mandate(models.Model):
    """A role held by an elected member on the comité syndical, for a member, between two dates."""

    person = models.ForeignKey(
        Person, verbose_name=_("elected member"), related_name="mandates", on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Orders the vice-presidents: 1 for the first, and so on.")
    )
    member = models.ForeignKey(
        "territoire.Member",
        verbose_name=_("member represented"),
        related_name="mandates",
        on_delete=models.PROTECT,
    )
    start = models.DateField(_("start of the mandate"))
    end = models.DateField(
        _("end of the mandate"), null=True, blank=True, help_text=_("Empty while it runs.")
    )
    note = models.CharField(
        _("other office"),
        max_length=300,
        blank=True,
        help_text=_("An office held at the same time, e.g. president of the Département."),
    )

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "rank"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="mandate_ends_after_it_starts",
                violation_error_message=_("A mandate cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.person}, {self.get_role_display()}"


class StaffPosition(models.Model):
    """A post in the Pôle's team; the holder's name is optional."""

    title = models.CharField(_("post"), max_length=200)
    holder = models.CharField(_("name of the holder"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("staff position")
        verbose_name_plural = _("team")

    def __str__(self):
        return self.title
