from getpass import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pole_artois.backoffice.roles import ROLES

ATTEMPTS = 3


class Command(BaseCommand):
    help = (
        "Create a staff account in the Direction or Administration group; the password is asked "
        "for (twice) and must pass the password rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--group", required=True, choices=list(ROLES))
        parser.add_argument("--email", default="")

    def handle(self, username, group, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"The account “{username}” already exists.")
        try:
            role = Group.objects.get(name=group)
        except Group.DoesNotExist:
            raise CommandError(
                f"The group “{group}” does not exist yet: run `manage.py migrate` first."
            ) from None
        user = User(username=username, email=email, is_staff=True)
        user.set_password(self._ask_password(user))
        with transaction.atomic():
            user.save()
            user.groups.add(role)
        self.stdout.write(self.style.SUCCESS(f"Account “{username}” created in the {group} group."))

    def _ask_password(self, user):
        for _attempt in range(ATTEMPTS):
            password = getpass("Password: ")
            if password != getpass("Password (again): "):
                self.stderr.write("The two passwords differ.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
        raise CommandError("No valid password given; no account created.")
