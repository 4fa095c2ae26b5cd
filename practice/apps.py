from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables(using, **kwargs):
    """The database caches' tables (used when REDIS_URL is not set), made with the schema:
    `createcachetable` adds only those missing. https://docs.djangoproject.com/en/5.2/topics/cache/#creating-the-cache-table
    """
    call_command("createcachetable", database=using, verbosity=0)


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = _("Practice")

    def ready(self):
        from .page_cache import invalidation

        invalidation.connect()
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="create_cache_tables")
