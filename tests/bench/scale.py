"""Generated rows for the bench's 10x data run, written into the database of DATABASE_URL (a copy
of the demo's made by stack.Stack.scaled_database; never the fixtures nor the demo content).

Usage: scale.py COMMUNE_FACTOR NEWS ACTS. Each commune gets COMMUNE_FACTOR - 1 copies (same
population, texts and outline, a numbered name and an unused INSEE code) outside the Pôle: the
table grows as an import of the whole département's or region's communes would make it, while the
Pôle keeps its members (their number is the territory's, not data that accumulates). The articles
and délibérations are published, in one bench séance.
"""

import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pole_artois.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from pole_artois.core.publication import PublicationStatus  # noqa: E402
from pole_artois.core.text import fold, to_slug  # noqa: E402
from pole_artois.institution.models import Article, Deliberation, Seance  # noqa: E402
from territoire.models import Commune  # noqa: E402

WORDS = ["mobilité", "transition", "énergétique", "mines", "patrimoine", "logement", "emploi"]


def communes(factor):
    originals = list(Commune.objects.order_by("insee_code"))
    # The translated columns (name_fr, name_en…), not modeltranslation's view of the current one.
    concrete = [
        f.attname for f in Commune._meta.concrete_fields if not (f.generated or f.primary_key)
    ]
    fields = [name for name in concrete if f"{name}_fr" not in concrete]
    used = {commune.insee_code for commune in originals}
    codes = (code for code in (f"9{n:04d}" for n in range(10_000)) if code not in used)
    copies = []
    for copy in range(1, factor):
        for original in originals:
            values = {field: getattr(original, field) for field in fields}
            name = f"{original.name} {copy}"
            values.update(
                insee_code=next(codes),
                name=name,
                slug=to_slug(name),
                member_id=None,
                search_name=fold(name),
            )
            copies.append(Commune(**values))
    Commune.objects.bulk_create(copies, batch_size=500)
    return len(originals), len(copies)


def news(count):
    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(
                title=f"Actualité {n} : {WORDS[n % len(WORDS)]}",
                slug=f"actualite-{n}",
                summary=f"Point d'étape {n} sur la {WORDS[(n + 3) % len(WORDS)]} du territoire.",
                body=f"<p>Le Pôle présente le point {n} sur {WORDS[(n + 5) % len(WORDS)]}.</p>",
                status=PublicationStatus.PUBLISHED,
                published_at=now - datetime.timedelta(hours=n),
            )
            for n in range(count)
        ],
        batch_size=500,
    )


def acts(count):
    now = timezone.now()
    seance = Seance.objects.create(
        date=datetime.date(2020, 1, 1), status=PublicationStatus.PUBLISHED, published_at=now
    )
    Deliberation.objects.bulk_create(
        [
            Deliberation(
                number=f"B{n:05d}",
                subject=f"Délibération {n} relative à la {WORDS[n % len(WORDS)]}",
                seance=seance,
                status=PublicationStatus.PUBLISHED,
                published_at=now,
                online_at=now,
            )
            for n in range(count)
        ],
        batch_size=500,
    )


if __name__ == "__main__":
    factor, news_count, acts_count = (int(value) for value in sys.argv[1:4])
    with transaction.atomic():
        originals, copies = communes(factor)
        news(news_count)
        acts(acts_count)
    print(f"{originals} communes + {copies} generated, {news_count} articles, {acts_count} acts")
