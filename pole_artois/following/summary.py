"""What the director reads on the dashboard: who follows what, and what the next digest says."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.functional import cached_property

from chantiers.models import Chantier, Objective
from pole_artois.following.models import Delivery, Subscription
from pole_artois.following.tasks import next_digest_time


@dataclass
class Followed:
    """An objective, a chantier or the tracking page, with its confirmed followers."""

    subscription: Subscription  # one of them, which names the target and reads its feed
    followers: int
    told_to_all: set = field(default_factory=set)

    @cached_property
    def coming(self):
        """What the next digest will tell at least one of its followers."""
        return [event for event in self.subscription.events() if event.guid not in self.told_to_all]


class FollowingSummary:
    def __init__(self):
        self.pending = Subscription.objects.filter(confirmed_at=None).count()
        self.next_digest = next_digest_time()

    @cached_property
    def followed(self):
        """Every followed target, the tracking page first, then chantiers and objectives in
        their order. One query for the counts, one for what each address was told, two for the
        names; reading each target's feed costs four more."""
        confirmed = Subscription.objects.confirmed()
        counts = {
            (row["objective"], row["chantier"]): row["n"]
            for row in confirmed.values("objective", "chantier").annotate(n=Count("pk"))
        }
        told = {}
        for objective, chantier, guids in confirmed.values_list("objective", "chantier", "told"):
            key = (objective, chantier)
            told[key] = told[key] & set(guids) if key in told else set(guids)
        objectives = Objective.objects.select_related("chantier").in_bulk(
            [objective for objective, _ in counts if objective]
        )
        chantiers = Chantier.objects.in_bulk([chantier for _, chantier in counts if chantier])
        rows = [
            Followed(
                Subscription(objective=objectives.get(objective), chantier=chantiers.get(chantier)),
                count,
                told[objective, chantier],
            )
            for (objective, chantier), count in counts.items()
        ]
        return sorted(rows, key=_place)

    @cached_property
    def troubles(self):
        """Digests given up after every attempt, or cut off while being handed over."""
        return Delivery.objects.filter(failed_at__isnull=False).count() + (
            Delivery.objects.uncertain().count()
        )


def _place(row):
    subscription = row.subscription
    if subscription.objective:
        objective = subscription.objective
        return (2, objective.chantier.order, objective.chantier.pk, objective.order, objective.pk)
    if subscription.chantier:
        return (1, subscription.chantier.order, subscription.chantier.pk)
    return (0,)
