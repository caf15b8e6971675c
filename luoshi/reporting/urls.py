from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("rounds/<uuid:code>/", views.round_detail, name="round_detail"),
    path("reports/<uuid:code>/", views.report_detail, name="report_detail"),
]
