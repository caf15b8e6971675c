from django.urls import path

from . import views

app_name = "work"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/<uuid:code>/", views.plan_detail, name="plan_detail"),
    path("tasks/<uuid:code>/", views.task_detail, name="task_detail"),
    path("tasks/<uuid:code>/edit/", views.task_edit, name="task_edit"),
]
