from django.core.management.base import BaseCommand
from django.db import transaction

from chantiers import demo as chantiers_demo
from partenaires import demo as partenaires_demo
from pole_artois.backoffice import roles
from pole_artois.institution import demo as institution_demo
from territoire import demo as territoire_demo

# In dependency order; each loader is idempotent and never overwrites what an editor changed.
LOADERS = [
    territoire_demo.load,
    partenaires_demo.load,
    chantiers_demo.load,
    institution_demo.load,
    roles.load,
]


class Command(BaseCommand):
    help = "Load the demo content (official territory data and example texts); safe to run again."

    @transaction.atomic
    def handle(self, **options):
        for load in LOADERS:
            load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
