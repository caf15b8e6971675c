from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("luoshi.accounts.urls")),
    path("manage/", include("luoshi.accounts.manage_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("luoshi.org.urls")),
    path("meetings/", include("luoshi.meetings.urls")),
    path("work/", include("luoshi.work.urls")),
    path("reporting/", include("luoshi.reporting.urls")),
    path("supervision/", include("luoshi.supervision.urls")),
    path("sheets/", include("luoshi.sheets.urls")),
    path("audit/", include("luoshi.audit.urls")),
    path("intake/", include("luoshi.ingest.urls")),
    path("search/", include("luoshi.search.urls")),
    path("", include("luoshi.web.urls")),
]
