from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    PUBLISHED = "published", _("Published")
    SENT_BACK = "sent-back", _("Sent back")


class PublicationRequestQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("-requested_at", "-pk")

    def pending(self):
        return self.filter(status=RequestStatus.PENDING)

    def not_superseded(self):
        """Only the newest request about each item: an item sent back then submitted again is
        waiting, no longer sent back."""
        newer = PublicationRequest.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            requested_at__gt=OuterRef("requested_at"),
        )
        return self.exclude(Exists(newer))


class PublicationRequest(models.Model):
    """Someone who may write a draft but not publish it asks those who may to publish it.

    Kept once decided, with who decided and when: the trail of an item's way online.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        related_name="+",
        null=True,
        on_delete=models.SET_NULL,
    )
    requested_at = models.DateTimeField(_("requested on"), default=timezone.now)
    status = models.CharField(
        _("decision"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    objects = PublicationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("publication request")
        verbose_name_plural = _("publication requests")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status=RequestStatus.PENDING),
                name="one_pending_publication_request_per_item",
            )
        ]

    def __str__(self):
        return str(self.item) if self.item is not None else str(self.content_type)

    def decide(self, status, user, comment=""):
        self.status = status
        self.decided_by = user
        self.decided_at = timezone.now()
        self.comment = comment
        self.save(update_fields=["status", "decided_by", "decided_at", "comment"])
