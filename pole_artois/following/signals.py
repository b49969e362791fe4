"""Content going online enqueues the week's digest (tasks.schedule_digest).

Whatever is saved about a public objective (the objective itself, a progress update, a status
change, a milestone, an indicator value, by the admin or an import) counts. Enqueuing more than
needed costs nothing: the digest tells only what its reader was not told yet, and nothing when
nothing changed. Missing a save (a bulk `update()`) delays nothing either: the next digest
compares the feeds with what each address was told.
"""

from django.db.models.signals import post_save
from django.utils import timezone

from chantiers.models import (
    Chantier,
    Indicator,
    IndicatorValue,
    Milestone,
    Objective,
    ObjectiveUpdate,
    StatusChange,
)
from pole_artois.core.publication import PublicationStatus


def _is_public(objective_id):
    return Objective.objects.published().filter(pk=objective_id).exists()


def _goes_online(instance):
    # Published for a later date: the digest of the week it appears in.
    return instance.status == PublicationStatus.PUBLISHED


def _objective_saved(sender, instance, **kwargs):
    if (
        _goes_online(instance)
        and Chantier.objects.published().filter(pk=instance.chantier_id).exists()
    ):
        _schedule(max(instance.published_at, timezone.now()))


def _update_saved(sender, instance, **kwargs):
    if _goes_online(instance) and _is_public(instance.objective_id):
        _schedule(max(instance.published_at, timezone.now()))


def _tracking_saved(sender, instance, **kwargs):
    if _is_public(instance.objective_id):
        _schedule()


def _value_saved(sender, instance, **kwargs):
    objective_id = Indicator.objects.filter(pk=instance.indicator_id).values("objective_id")
    if _is_public(objective_id[:1]):
        _schedule()


def _schedule(moment=None):
    from pole_artois.following.tasks import schedule_digest

    schedule_digest(moment)


def connect():
    post_save.connect(_objective_saved, sender=Objective, dispatch_uid="following-objective")
    post_save.connect(_update_saved, sender=ObjectiveUpdate, dispatch_uid="following-update")
    for model in (StatusChange, Milestone):
        post_save.connect(_tracking_saved, sender=model, dispatch_uid=f"following-{model.__name__}")
    post_save.connect(_value_saved, sender=IndicatorValue, dispatch_uid="following-value")
