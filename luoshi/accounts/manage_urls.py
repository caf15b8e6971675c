"""User management for the security admin, mounted at /manage/."""

from django.urls import path

from . import manage_views as views
from . import otp_views

app_name = "manage"
urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<str:username>/", views.user_edit, name="user_edit"),
    path("users/<str:username>/password/", views.user_password, name="user_password"),
    path("users/<str:username>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<str:username>/two-step/reset/", otp_views.manage_reset, name="user_otp_reset"),
    path("requests/<uuid:code>/approve/", views.request_approve, name="request_approve"),
    path("requests/<uuid:code>/reject/", views.request_reject, name="request_reject"),
]
