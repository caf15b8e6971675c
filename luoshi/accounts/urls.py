from django.urls import path

from . import otp_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("language/", views.set_language_pref, name="set_language_pref"),
    # The second factor (luoshi/accounts/otp.py).
    path("two-step/", otp_views.settings_page, name="otp_settings"),
    path("two-step/verify/", otp_views.verify, name="otp_verify"),
    path("two-step/enrol/", otp_views.enrol, name="otp_enrol"),
    path("two-step/recovery-codes/", otp_views.recovery_codes, name="otp_recovery_codes"),
    path("two-step/reset/", otp_views.reset_own, name="otp_reset"),
]
