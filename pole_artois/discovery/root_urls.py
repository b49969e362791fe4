"""Language-neutral addresses at the site's root (robots.txt, sitemap.xml)."""

urlpatterns = []
