from django.urls import path

from . import views

app_name = "sheets"
urlpatterns = [
    path("import/", views.import_sheet, name="import"),
    path("imports/<uuid:code>/", views.import_result, name="import_result"),
    path("plans/<uuid:code>/export/", views.plan_export, name="plan_export"),
]
