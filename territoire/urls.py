from django.urls import path, register_converter

from territoire import views


class InseeCodeConverter:
    """Five characters: digits, or 2A/2B for Corsica."""

    regex = r"[0-9][0-9AB][0-9]{3}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(InseeCodeConverter, "insee")

app_name = "territoire"

urlpatterns = [
    path("", views.TerritoryView.as_view(), name="index"),
    path("communes/", views.CommuneListView.as_view(), name="communes"),
    path(
        "communes/<insee:insee_code>-<slug:slug>/",
        views.CommuneDetailView.as_view(),
        name="commune",
    ),
    path("communes/<insee:insee_code>/", views.CommuneDetailView.as_view(), name="commune-by-code"),
    path("<slug:slug>/", views.MemberDetailView.as_view(), name="member"),
]
