from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<uuid:code>/", views.board, name="board"),
    path("plans/<uuid:code>/scorecard/", views.scorecard_view, name="scorecard"),
    path("plans/<uuid:code>/bulletins/", views.bulletin_list, name="bulletin_list"),
    path("plans/<uuid:code>/bulletins/new/", views.bulletin_new, name="bulletin_new"),
    path("bulletins/<uuid:code>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<uuid:code>/v<int:version>/", views.bulletin_version, name="bulletin_version"),
    path("bulletins/<uuid:code>/docx/", views.bulletin_docx, name="bulletin_docx"),
    path("tasks/<uuid:code>/remind/", views.remind_task, name="remind_task"),
    path("reminders/", views.reminder_list, name="reminder_list"),
    path("reminders/read-all/", views.reminder_read_all, name="reminder_read_all"),
    path("reminders/<uuid:code>/read/", views.reminder_read, name="reminder_read"),
]
