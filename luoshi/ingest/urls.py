from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.intake, name="intake"),
    path("status/", views.status, name="status"),
    # The text of a document; link to a sentence with #span-<start>-<end> (see links.span_url).
    path("documents/<uuid:code>/", views.document, name="document"),
    path("documents/<uuid:code>/review/", views.review_page, name="review"),
    path("documents/<uuid:code>/reread/", views.reread, name="reread"),
    path("documents/<uuid:code>/archive/", views.archive, name="archive"),
]
