from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("units/<uuid:code>/", views.organization_detail, name="organization_detail"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:gb_code>/", views.region_detail, name="region_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/<uuid:code>/", views.person_detail, name="person_detail"),
]
