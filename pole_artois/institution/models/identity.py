"""Who the Pôle is and how to reach it: one editable record, read by the footer on every page.

Pages read it from the cache, kept until the record is next saved (core.cache): every page notes
that it depends on it, so a change of the accessibility status reaches every page at once.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret

from pole_artois.core.cache import cached_until_written


def validate_siret(value):
    """A SIRET is 14 digits whose last one is a checksum: a typo is caught here."""
    if not siret.is_valid(value):
        raise ValidationError(
            _(
                "This is not a valid SIRET: 14 digits (the SIREN, then the establishment's 5 "
                "digits), as on the Pôle's notice in the SIRENE directory."
            ),
            code="invalid_siret",
        )


class AccessibilityStatus(models.TextChoices):
    """The three levels of the RGAA; without an audit, the law requires "non conforme"."""

    NON_COMPLIANT = "non", _("not compliant")
    PARTIALLY_COMPLIANT = "partiellement", _("partially compliant")
    FULLY_COMPLIANT = "totalement", _("fully compliant")


class PoleIdentity(models.Model):
    """The Pôle's name, contact details and the legal facts its pages must state.

    There is exactly one: the admin opens it directly. Empty fields are simply not shown.
    """

    name = models.CharField(_("name"), max_length=200, default="Pôle métropolitain de l'Artois")
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_(
            "The Pôle's SIRET number (14 digits, without spaces), from the SIRENE directory. The "
            "national open data file of the délibérations needs it."
        ),
    )
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("As it should appear on an envelope.")
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    contact_person = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("The person the public may ask for, shown with the telephone number."),
    )
    notification_email = models.EmailField(
        _("e-mail receiving the contact form"),
        blank=True,
        help_text=_(
            "Messages sent from the contact form are forwarded here (or to the contact e-mail if "
            "this is empty). They are always kept in the admin as well."
        ),
    )
    publication_director = models.CharField(
        _("director of publication"),
        max_length=200,
        blank=True,
        help_text=_("Usually the president, as the Pôle's legal representative."),
    )
    publication_director_title = models.CharField(
        _("title of the director of publication"), max_length=200, blank=True
    )
    host_name = models.CharField(_("host's name"), max_length=200, blank=True)
    host_address = models.TextField(_("host's address"), blank=True)
    host_phone = models.CharField(_("host's telephone"), max_length=30, blank=True)
    accessibility_status = models.CharField(
        _("accessibility conformity"),
        max_length=16,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NON_COMPLIANT,
        help_text=_(
            "Shown at the bottom of every page. Without a complete RGAA audit, the site must be "
            "declared not compliant."
        ),
    )
    accessibility_rate = models.PositiveSmallIntegerField(
        _("RGAA criteria met (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("The rate found by the last audit; leave empty when there has been none."),
    )
    accessibility_statement_date = models.DateField(
        _("date of the accessibility statement"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("identity and contact details")
        verbose_name_plural = _("identity and contact details")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The one record; its defaults until an editor has saved it."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @classmethod
    def for_request(cls, request):
        """The record as pages show it: from the cache, once per request however many ask."""
        if not hasattr(request, "_pole_identity"):
            request._pole_identity = cached_until_written("pole-identity", cls, cls.load)
        return request._pole_identity

    @property
    def notification_recipients(self):
        recipient = self.notification_email or self.email
        return [recipient] if recipient else []
