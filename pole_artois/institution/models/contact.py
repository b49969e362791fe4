"""Messages sent by the public through the contact form."""

import logging

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
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
        return f"{self.name}: {self.subject}"

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


def anonymous_repr(pk):
    """How the admin's log names a deleted message: by number, without the visitor's words."""
    return f"#{pk}"


@receiver(post_delete, sender=ContactMessage)
def forget_the_visitor_in_the_log(sender, instance, using, **kwargs):
    """The admin's log (history, "recent actions") names each message it records by its
    `__str__`, the visitor's name and subject: personal data that must go with the message,
    however it is deleted (admin, purge command). The entries stay, numbered."""
    LogEntry.objects.using(using).filter(
        content_type=ContentType.objects.db_manager(using).get_for_model(sender),
        object_id=str(instance.pk),
    ).update(object_repr=anonymous_repr(instance.pk))
