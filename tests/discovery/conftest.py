import datetime

import pytest
from django.utils import timezone

from chantiers.models import Chantier, Objective
from partenaires.models import Partner, PartnerCategory
from pole_artois.core.publication import PublicationStatus
from pole_artois.institution.models import Article, Deliberation, Event, Seance

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT


@pytest.fixture
def content(db):
    """One published and one hidden item of each kind, all about "tramway"."""
    chantier = Chantier.objects.create(
        slug="mobilites",
        title_fr="Les mobilités",
        title_en="Mobility",
        domain_fr="Déplacements",
        summary_fr="Relier le bassin minier par le tramway.",
        summary_en="Linking the mining basin by tramway.",
        status=PUBLISHED,
    )
    hidden_chantier = Chantier.objects.create(
        slug="brouillon",
        title_fr="Chantier en préparation",
        domain_fr="Déplacements",
        summary_fr="Un tramway secret.",
        status=DRAFT,
    )
    objective = Objective.objects.create(
        chantier=chantier,
        title_fr="Étudier un tramway Lens-Liévin",
        summary_fr="Le tracé du tramway entre les deux villes.",
        status=PUBLISHED,
    )
    # Published itself, but in a draft chantier: not public.
    Objective.objects.create(
        chantier=hidden_chantier,
        title_fr="Objectif caché du tramway",
        summary_fr="Tramway.",
        status=PUBLISHED,
    )
    Objective.objects.create(
        chantier=chantier, title_fr="Tramway en brouillon", summary_fr="Tramway.", status=DRAFT
    )
    partner = Partner.objects.create(
        slug="syndicat-transports",
        category=PartnerCategory.INSTITUTION,
        name_fr="Syndicat des transports",
        description_fr="Il exploite le réseau de bus et prépare le tramway.",
        status=PUBLISHED,
    )
    Partner.objects.create(
        slug="partenaire-brouillon",
        category=PartnerCategory.INSTITUTION,
        name_fr="Partenaire du tramway en brouillon",
        status=DRAFT,
    )
    article = Article.objects.create(
        title_fr="Le tramway avance",
        summary_fr="Une étape pour le tramway du bassin.",
        body_fr="<p>Le <strong>tramway</strong> &amp; les bus.</p>",
        status=PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    Article.objects.create(
        title_fr="Tramway : article à venir",
        summary_fr="Tramway.",
        status=PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    Article.objects.create(title_fr="Tramway en brouillon", summary_fr="Tramway.", status=DRAFT)
    seance = Seance.objects.create(date=datetime.date(2025, 3, 12), status=PUBLISHED)
    act = Deliberation.objects.create(
        number="2025-07",
        subject_fr="Étude de faisabilité du tramway",
        seance=seance,
        status=PUBLISHED,
    )
    Deliberation.objects.create(
        number="2025-08", subject_fr="Tramway : projet d'acte", seance=seance, status=DRAFT
    )
    event = Event.objects.create(
        title_fr="Forum du tramway",
        description_fr="<p>Le <em>tramway</em> présenté aux habitants.</p>",
        date=datetime.date(2025, 5, 20),
        place="Liévin",
        status=PUBLISHED,
    )
    Event.objects.create(
        title_fr="Tramway : événement en brouillon", date=datetime.date(2025, 6, 1), status=DRAFT
    )
    return {
        "chantier": chantier,
        "event": event,
        "objective": objective,
        "partner": partner,
        "article": article,
        "act": act,
        "seance": seance,
    }
