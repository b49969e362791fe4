"""Who the Pôle is and how to reach it: one editable record, read by the footer on every page.

Pages read it from the cache, kept until the record is next saved (core.cache): every page notes
that it depends on it, so a change of the contact details reaches every page at once. The
footer's accessibility conformity is the accessibility statement's (models.accessibility), read
in the same query and kept with the record until either is written.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret

from pole_artois.core.cache import cached_until_written
from pole_artois.institution.models.accessibility import AccessibilityStatement, AccessibilityStatus


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
        """The one record (its defaults until an editor has saved it), with the conformity of
        the accessibility statement as `accessibility_status`."""
        conformity = AccessibilityStatement.objects.filter(pk=1).values("status")
        identity = cls.objects.annotate(accessibility_status=Subquery(conformity)).filter(pk=1)
        if (found := identity.first()) is not None:
            return found
        # Saving a statement saves the record first: without a record there is no statement.
        default = cls(pk=1)
        default.accessibility_status = None
        return default

    @classmethod
    def for_request(cls, request):
        """The record as pages show it: from the cache, once per request however many ask."""
        if not hasattr(request, "_pole_identity"):
            request._pole_identity = cached_until_written(
                "pole-identity", (cls, AccessibilityStatement), cls.load
            )
        return request._pole_identity

    @property
    def accessibility_conformity(self):
        """The statement's conformity as the footer words it ("non conforme")."""
        return AccessibilityStatus(
            self.accessibility_status or AccessibilityStatus.NON_COMPLIANT
        ).label

    @property
    def notification_recipients(self):
        recipient = self.notification_email or self.email
        return [recipient] if recipient else []
