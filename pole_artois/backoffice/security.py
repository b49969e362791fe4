"""Counting log-in attempts only where there is a request."""

from axes.backends import AxesStandaloneBackend


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' guard, for log-ins made through a request (the admin's form).

    Code that authenticates without a request (the test client's `login()`, a shell) has no
    address to count and is let through to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
