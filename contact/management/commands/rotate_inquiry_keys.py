"""Re-encrypt every inquiry and note under the current key, and re-index them.

After putting a new key first in INQUIRY_ENCRYPTION_KEYS (or INQUIRY_INDEX_KEYS) on every
server, run this once; then the old key can be removed (docs/deployment.md, "Keys").
It prints counts and inquiry numbers only, never what a patient wrote.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from contact.encryption import UnreadableValue, blind_index
from contact.models import Inquiry, InquiryNote

BATCH_SIZE = 200
INQUIRY_FIELDS = ["name", "email", "phone", "message", "name_index", "email_index", "phone_index"]


def _reindex(inquiry: Inquiry) -> Inquiry:
    inquiry.name_index = blind_index("name", inquiry.name)
    inquiry.email_index = blind_index("email", inquiry.email)
    inquiry.phone_index = blind_index("phone", inquiry.phone)
    return inquiry


class Command(BaseCommand):
    help = "Re-encrypt inquiries and notes under the first key of INQUIRY_ENCRYPTION_KEYS and "
    "re-index them under the first of INQUIRY_INDEX_KEYS."

    def handle(self, *args, **options):
        unreadable = []
        inquiries = self.rewrite(Inquiry, INQUIRY_FIELDS, _reindex, unreadable)
        notes = self.rewrite(InquiryNote, ["text"], lambda note: note, unreadable)
        self.stdout.write(f"Re-encrypted {inquiries} inquiries and {notes} notes.")
        if unreadable:
            raise CommandError(
                "These could not be decrypted with any of INQUIRY_ENCRYPTION_KEYS and were left "
                "as they are (put back the key they were written with): " + ", ".join(unreadable)
            )

    def rewrite(self, model, fields, prepare, unreadable) -> int:
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(pks), BATCH_SIZE):
            batch_pks = pks[start : start + BATCH_SIZE]
            rows = []
            for pk in batch_pks:
                try:
                    # Reading decrypts with whichever key fits; saving encrypts with the first.
                    rows.append(prepare(model.objects.get(pk=pk)))
                except UnreadableValue:
                    unreadable.append(f"{model._meta.verbose_name} #{pk}")
            with transaction.atomic():
                model.objects.bulk_update(rows, fields)
            done += len(rows)
        return done
