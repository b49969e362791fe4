from django.views.generic import DetailView, ListView

from partenaires.models import Partner


class PartnerListView(ListView):
    context_object_name = "partners"

    def get_queryset(self):
        return Partner.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(categories=self.object_list.by_category(), **kwargs)


class PartnerDetailView(DetailView):
    context_object_name = "partner"

    def get_queryset(self):
        return Partner.objects.visible_to(self.request.user)
