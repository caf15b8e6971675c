"""The authentication backend: Django's username/password check behind the login throttle.

Throttling lives here rather than in the login form so that every way in
(the login page, the admin, a future API) is slowed and locked alike.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from . import services

# Set on the request when an attempt is refused, so the form can say how long to wait.
WAIT_ATTRIBUTE = "luoshi_login_wait"


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ) -> AbstractBaseUser | None:
        if username is None:
            username = kwargs.get(self._username_field())
        if username is None or password is None:
            return None
        address = services.throttle_address(request)
        allowed, wait = services.check_allowed(username, address)
        if not allowed:
            if request is not None:
                setattr(request, WAIT_ATTRIBUTE, wait)
            # PermissionDenied makes django.contrib.auth.authenticate() stop at
            # once: no later backend runs and no password is checked.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            services.note_failure(username, address)
        else:
            services.note_success(username, address)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
