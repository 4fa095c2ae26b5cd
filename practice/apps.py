from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = _("Practice")

    def ready(self):
        from . import frontend_cache
        from .page_cache import invalidation

        invalidation.connect()
        frontend_cache.connect_signal_handlers()
