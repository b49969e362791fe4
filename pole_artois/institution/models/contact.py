"""Messages sent by the public through the contact form."""

import logging

from django.core.mail import EmailMessage
from django.db import models
from django.utils.translation import gettext_lazy as _

from pole_artois.institution.models.identity import PoleIdentity

logger = logging.getLogger(__name__)


class ContactMessage(models.Model):
    """A message from the public. Stored before anything else, so that none is ever lost."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    forwarded = models.BooleanField(
        _("forwarded by e-mail"),
        default=False,
        help_text=_("Not forwarded: no recipient e-mail is set, or sending failed."),
    )
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self):
        return f"{self.name} — {self.subject}"

    def forward(self):
        """E-mail the message to the staff, if an address is set; a failure is only logged."""
        recipients = PoleIdentity.load().notification_recipients
        if not recipients:
            return
        email = EmailMessage(
            subject=f"[Contact] {self.subject}",
            body=f"{self.name} <{self.email}>\n\n{self.message}",
            to=recipients,
            reply_to=[self.email],
        )
        try:
            email.send()
        except Exception:
            # Whatever the mail server does, the visitor's message is safe in the database.
            logger.exception("Contact message %s could not be forwarded by e-mail", self.pk)
            return
        self.forwarded = True
        self.save(update_fields=["forwarded"])
