"""The project's URLs plus a few pages that exercise the page cache's edge cases."""

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path
from django.views.decorators.cache import never_cache

from pole_artois.urls import handler404, handler500
from pole_artois.urls import urlpatterns as project_urlpatterns
from territoire.models import Commune, Scot

__all__ = ["handler404", "handler500", "urlpatterns"]

NONCE_PAGE = Template(
    '<p>{{ count }} communes</p><script nonce="{{ csp_nonce }}">document.title = "ok";</script>'
)
CSRF_PAGE = Template("<form method=post>{% csrf_token %}<button>Send</button></form>")
FRAGMENT_PAGE = Template(
    "{% load fragments %}<h1>{{ commune.name }}</h1>"
    '{% fragment "test-scots" %}<p>{{ scots|length }} SCoTs, near {{ commune.name }}</p>'
    "<p>Signed in: {{ user.get_username }}</p>{% endfragment %}"
)
FRAGMENT_FORM_PAGE = Template(
    '{% load fragments %}{% fragment "test-form" %}<form method=post>{% csrf_token %}'
    "<button>Send</button></form>{% endfragment %}"
)


def nonce_page(request):
    context = RequestContext(request, {"count": Commune.objects.count()})
    return HttpResponse(NONCE_PAGE.render(context))


def csrf_page(request):
    return HttpResponse(CSRF_PAGE.render(RequestContext(request)))


@never_cache
def private_page(request):
    return HttpResponse(f"{Scot.objects.count()} SCoTs")


def scots_page(request):
    return HttpResponse(f"{Scot.objects.count()} SCoTs")


def raced_page(request):
    """A page during whose build its table is written, as another worker's edit could do."""
    count = Scot.objects.count()
    Scot.objects.filter(pk=-1).update(name="personne")
    return HttpResponse(f"{count} SCoTs")


def fragment_page(request):
    """A page whose object is read before its fragment, the rest inside it (lazily)."""
    commune = Commune.objects.order_by("insee_code").first()
    context = {"commune": commune, "scots": Scot.objects.all()}
    return HttpResponse(FRAGMENT_PAGE.render(RequestContext(request, context)))


def fragment_form_page(request):
    return HttpResponse(FRAGMENT_FORM_PAGE.render(RequestContext(request)))


def word_page(request, word):
    return HttpResponse(f"{word}: {Scot.objects.count()} SCoTs")


urlpatterns = [
    path("cache-test/nonce/", nonce_page),
    path("cache-test/csrf/", csrf_page),
    path("cache-test/private/", private_page),
    path("cache-test/scots/", scots_page),
    path("cache-test/raced/", raced_page),
    path("cache-test/words/<str:word>/", word_page),
    path("cache-test/fragment/", fragment_page),
    path("cache-test/fragment-form/", fragment_form_page),
    *project_urlpatterns,
]
