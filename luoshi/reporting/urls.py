from django.urls import path

from . import queue_views, views, write_views

app_name = "reporting"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("my-work/", queue_views.my_work, name="my_work"),
    path("review/", queue_views.review_queue, name="review_queue"),
    path("plans/<uuid:code>/rounds/new/", write_views.round_open, name="round_open"),
    path("rounds/<uuid:code>/", views.round_detail, name="round_detail"),
    path("tasks/<uuid:code>/report/", write_views.report_new, name="report_new"),
    path("reports/<uuid:code>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:code>/edit/", write_views.report_edit, name="report_edit"),
    path("reports/<uuid:code>/submit/", write_views.report_submit, name="report_submit"),
    path("reports/<uuid:code>/approve/", write_views.report_approve, name="report_approve"),
    path("reports/<uuid:code>/return/", write_views.report_return, name="report_return"),
    path("reports/<uuid:code>/review/", write_views.report_review, name="report_review"),
    path("attachments/<uuid:code>/", write_views.attachment_download, name="attachment_download"),
]
