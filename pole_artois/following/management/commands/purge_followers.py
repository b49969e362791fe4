from django.core.management.base import BaseCommand

from pole_artois.following.tasks import purge, requeue_stalled


class Command(BaseCommand):
    help = (
        "Delete the requests to follow by e-mail never confirmed before their link expired "
        "(three days), and enqueue again any digest whose sending never started. Run it daily."
    )

    def handle(self, *args, **options):
        requeue_stalled()
        addresses, subscriptions = purge()
        self.stdout.write(
            f"Deleted {subscriptions} unconfirmed subscription(s) and {addresses} address(es)."
        )
