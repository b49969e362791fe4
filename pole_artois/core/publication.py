"""Draft / published state shared by every piece of public content.

"What the public may see" is written once, here: views, feeds, sitemaps, search and exports all
call `.published()`.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def published_lookups(prefix=""):
    """The lookups of "published now", for this model or, through `prefix`, a related one."""
    return {
        f"{prefix}status": PublicationStatus.PUBLISHED,
        f"{prefix}published_at__lte": timezone.now(),
    }


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(**published_lookups())

    def visible_to(self, user):
        """Everything for staff (who preview drafts), published content for everyone else."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()


class Publishable(models.Model):
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=_("Drafts are only visible to staff, who can preview them."),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("Published content appears on the site from this date and time."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED and self.published_at <= timezone.now()
