from django.urls import path

from pole_artois.institution import views

app_name = "institution"

urlpatterns = [
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/merci/", views.ContactThanksView.as_view(), name="contact-thanks"),
]
