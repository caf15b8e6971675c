from django.urls import path

from . import archive_views, views, workflow_views

app_name = "work"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/<uuid:code>/", views.plan_detail, name="plan_detail"),
    path("plans/<uuid:code>/archive/", archive_views.plan_archive, name="plan_archive"),
    path("tasks/<uuid:code>/archive/", archive_views.task_archive, name="task_archive"),
    path("archived/", archive_views.archived, name="archived"),
    path("tasks/<uuid:code>/", views.task_detail, name="task_detail"),
    path("tasks/<uuid:code>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<uuid:code>/assign/", workflow_views.task_assign, name="task_assign"),
    path("tasks/<uuid:code>/delegate/", workflow_views.task_delegate, name="task_delegate"),
    path("tasks/<uuid:code>/extension/", workflow_views.extension_request, name="extension_request"),
    path("tasks/<uuid:code>/close/", workflow_views.task_close, name="task_close"),
    path("tasks/<uuid:code>/reopen/", workflow_views.task_reopen, name="task_reopen"),
    path("assignments/<uuid:code>/sign/", workflow_views.assignment_sign, name="assignment_sign"),
    path("assignments/<uuid:code>/return/", workflow_views.assignment_return, name="assignment_return"),
    path("extensions/<uuid:code>/decide/", workflow_views.extension_decide, name="extension_decide"),
]
