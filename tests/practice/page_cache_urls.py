"""Views that show what the page cache must refuse, beside the real site's URLs."""

import itertools

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import include, path
from django.utils.html import escape
from django.views.decorators.cache import cache_control

from practice import urls as site_urls

renders = itertools.count(1)


def form_with_csrf_token(request):
    template = Template("<form method='post'>{% csrf_token %}<button>Send</button></form>")
    return HttpResponse(template.render(RequestContext(request)))


def sets_a_cookie(request):
    response = HttpResponse(f"render {next(renders)}")
    response.set_cookie("visitor", "one")
    return response


@cache_control(private=True)
def private_page(request):
    return HttpResponse(f"render {next(renders)}")


def echoes_the_page_number(request):
    return HttpResponse(f"render {next(renders)} of page {escape(request.GET.get('page', ''))}")


urlpatterns = [
    path("with-csrf-token/", form_with_csrf_token),
    path("sets-a-cookie/", sets_a_cookie),
    path("private/", private_page),
    path("echo/", echoes_the_page_number),
    path("", include(site_urls)),
]
