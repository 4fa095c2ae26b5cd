"""What patients wrote, encrypted at rest, and found again by exact-match blind indexes.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) under the
keys in INQUIRY_ENCRYPTION_KEYS: the first encrypts, all of them decrypt, so keys can be rotated
(`manage.py rotate_inquiry_keys`). A database dump or backup then holds only ciphertext.

Encrypted values cannot be searched, so a name, email address and phone number also get a
"blind index": an HMAC-SHA256 of the normalised value under a key of its own
(INQUIRY_INDEX_KEYS). Searching computes the same HMAC of what the reviewer typed and compares;
only exact matches are found, and the index reveals nothing without its key.
https://cryptography.io/en/latest/fernet/
"""

import functools
import hashlib
import hmac
import re
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models

# Every ciphertext starts with Fernet's version byte, base64-encoded: "gAAAAA".
FERNET_PREFIX = "gAAAAA"


class UnreadableValue(Exception):
    """A stored value that none of the configured keys decrypts: its key was lost or removed."""


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("Set INQUIRY_ENCRYPTION_KEYS (docs/deployment.md, “Keys”).")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "Each of INQUIRY_ENCRYPTION_KEYS must be a Fernet key: 32 random bytes, "
            "URL-safe base64-encoded (Fernet.generate_key())."
        ) from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.INQUIRY_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UnreadableValue(
            "An inquiry value could not be decrypted with any of INQUIRY_ENCRYPTION_KEYS."
        ) from None


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code reads and writes plain text.

    The database column is plain `text` (a token is longer than its value); `max_length` limits
    the value itself, for forms and validation, as it does on a CharField. Encrypted values
    cannot be filtered or ordered on: use a BlindIndexField beside it for exact matches.
    """

    def __init__(self, *args, max_length=None, **kwargs):
        super().__init__(*args, **kwargs)
        # After TextField's own __init__, which would hand max_length to the database.
        self.value_max_length = max_length
        if max_length is not None:
            self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.value_max_length is not None:
            kwargs["max_length"] = self.value_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": self.value_max_length, **kwargs})

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            # Empty stays empty: "not given" is not a secret, and blank=True fields need it.
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)


# Blind indexes --------------------------------------------------------------------------------


def _index_keys() -> list[bytes]:
    keys = settings.INQUIRY_INDEX_KEYS
    if not keys:
        raise ImproperlyConfigured("Set INQUIRY_INDEX_KEYS (docs/deployment.md, “Keys”).")
    return [key.encode() for key in keys]


def name_words(value: str) -> list[str]:
    """Each word of a name once, case and spacing aside: "Jane  Roe" and "roe jane" agree."""
    return sorted(set(unicodedata.normalize("NFKC", value).casefold().split()))


def email_terms(value: str) -> list[str]:
    email = unicodedata.normalize("NFKC", value).strip().casefold()
    return [email] if email else []


def phone_terms(value: str) -> list[str]:
    """The digits only; a North American number loses its leading country code 1."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return [digits] if digits else []


TERMS = {"name": name_words, "email": email_terms, "phone": phone_terms}


def _digest(key: bytes, kind: str, term: str) -> str:
    # The kind goes into the HMAC so that equal text in two fields gives unrelated digests.
    return hmac.new(key, f"{kind}\x00{term}".encode(), hashlib.sha256).hexdigest()


def blind_index(kind: str, value: str) -> str:
    """What is stored: the current key's digest of each term, space-separated ("" for none)."""
    key = _index_keys()[0]
    return " ".join(sorted(_digest(key, kind, term) for term in TERMS[kind](value or "")))


def blind_index_terms(kind: str, value: str) -> list[list[str]]:
    """For each term of a search, its digest under every configured key, so that rows not yet
    re-indexed after a key rotation are still found. Empty when there is nothing to look for."""
    keys = _index_keys()
    return [[_digest(key, kind, term) for key in keys] for term in TERMS[kind](value or "")]


class BlindIndexField(models.TextField):
    """Digests of another field's terms (contact.encryption.TERMS), kept up to date on save.

    Each digest is 64 hex characters and they are separated by spaces, so a `contains` lookup
    of one digest matches that whole term and nothing else.
    """

    def __init__(self, *args, source: str = "", kind: str = "", **kwargs):
        self.source = source
        self.kind = kind
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        kwargs.pop("blank", None)
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = blind_index(self.kind, getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
