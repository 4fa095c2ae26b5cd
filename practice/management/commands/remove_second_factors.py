"""For someone who lost their phone, passkeys and recovery codes: remove all their factors.

They sign in with their password next time and set up new ones at once (if the admin asks them
for a second factor). Check who is asking before running it: this is the way around the second
factor.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from practice.sign_in.factors import remove_all_factors


class Command(BaseCommand):
    help = "Remove every second factor (apps, passkeys, recovery codes) of one user."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
        removed = remove_all_factors(user)
        self.stdout.write(f"Removed {removed} second factors of {username}.")
