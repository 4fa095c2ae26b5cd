"""Sign-in pauses in the admin: superusers see who is waiting and can lift a pause.

The same as `manage.py axes_reset_username NAME` and `manage.py axes_reset_ip ADDRESS`.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .attempts import required_wait


class SignInPausesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "practice/sign_in/pauses.html"
    page_title = gettext_lazy("Sign-in pauses")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        rows = (
            AccessAttempt.objects.filter(attempt_time__gte=since)
            .values("username", "ip_address")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .order_by("-last")[:200]
        )
        context["attempts"] = [
            {
                **row,
                "wait": required_wait(row["ip_address"], row["username"], trusted_browser=False),
            }
            for row in rows
        ]
        return context

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        address = request.POST.get("ip_address", "")
        if username:
            AccessAttempt.objects.filter(username=username).delete()
            messages.success(request, _("Sign-in for that username is no longer paused."))
        elif address:
            AccessAttempt.objects.filter(ip_address=address).delete()
            messages.success(request, _("Sign-in from that address is no longer paused."))
        return redirect("sign_in_pauses")
