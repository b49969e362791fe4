from django.core.management.base import BaseCommand

from pole_artois.backoffice.roles import sync_roles


class Command(BaseCommand):
    help = (
        "Give the Direction and Administration groups exactly the permissions their roles define "
        "(pole_artois/backoffice/roles.py); safe to run again. `migrate` does it too."
    )

    def handle(self, **options):
        for group, report in sync_roles().items():
            self.stdout.write(f"{group}: {report.permissions} permissions.")
            if report.unmatched and options["verbosity"] > 1:
                self.stdout.write(f"  not (yet) existing: {', '.join(report.unmatched)}")
