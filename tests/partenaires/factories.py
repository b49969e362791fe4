from itertools import count

from partenaires.models import Partner, PartnerCategory
from pole_artois.core.publication import PublicationStatus

_numbers = count(1)


def make_partner(**fields):
    number = next(_numbers)
    defaults = {
        "slug": f"partenaire-{number}",
        "name_fr": f"Partenaire {number}",
        "category": PartnerCategory.INSTITUTION,
        "status": PublicationStatus.PUBLISHED,
    }
    return Partner.objects.create(**{**defaults, **fields})
