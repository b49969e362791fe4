"""Content built in tests: published by default, each with its own numbered slug and title."""

from itertools import count

from chantiers.models import Chantier, Objective, ObjectiveUpdate
from partenaires.models import Partner, PartnerCategory
from pole_artois.core.publication import PublicationStatus

_numbers = count(1)


def make_chantier(**fields):
    number = next(_numbers)
    defaults = {
        "slug": f"chantier-{number}",
        "title_fr": f"Chantier {number}",
        "domain_fr": "Aménagement",
        "summary_fr": f"Résumé du chantier {number}.",
        "status": PublicationStatus.PUBLISHED,
    }
    return Chantier.objects.create(**{**defaults, **fields})


def make_objective(chantier=None, **fields):
    number = next(_numbers)
    defaults = {
        "title_fr": f"Objectif {number}",
        "summary_fr": f"Résumé de l'objectif {number}.",
        "status": PublicationStatus.PUBLISHED,
    }
    return Objective.objects.create(chantier=chantier or make_chantier(), **{**defaults, **fields})


def make_update(objective, **fields):
    number = next(_numbers)
    defaults = {
        "title_fr": f"Avancée {number}",
        "body_fr": f"<p>Texte de l'avancée {number}.</p>",
        "status": PublicationStatus.PUBLISHED,
    }
    return ObjectiveUpdate.objects.create(objective=objective, **{**defaults, **fields})


def make_partner(**fields):
    number = next(_numbers)
    defaults = {
        "slug": f"partenaire-{number}",
        "name_fr": f"Partenaire {number}",
        "category": PartnerCategory.INSTITUTION,
        "status": PublicationStatus.PUBLISHED,
    }
    return Partner.objects.create(**{**defaults, **fields})
