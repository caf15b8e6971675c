from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("<uuid:code>/", views.meeting_detail, name="meeting_detail"),
    path("documents/<uuid:code>/", views.document_detail, name="document_detail"),
    path("documents/<uuid:code>/download/", views.document_download, name="document_download"),
]
