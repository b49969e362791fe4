from django.urls import path

from partenaires import views

app_name = "partenaires"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="index"),
    path("<slug:slug>/", views.PartnerDetailView.as_view(), name="detail"),
]
