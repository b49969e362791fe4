import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from pole_artois.institution.models import ContactMessage


class Command(BaseCommand):
    help = (
        "Delete the contact messages received more than DAYS days ago: personal data is kept no "
        "longer than needed (run it from cron with the period the Pôle has set)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, required=True, help="Keep this many days.")
        parser.add_argument(
            "--handled-only", action="store_true", help="Keep messages not yet marked handled."
        )

    def handle(self, *, days, handled_only, **options):
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            return
        messages = ContactMessage.objects.filter(
            received_at__lt=timezone.now() - datetime.timedelta(days=days)
        )
        if handled_only:
            messages = messages.filter(handled=True)
        deleted, _details = messages.delete()
        self.stdout.write(f"{deleted} contact message(s) deleted.")
