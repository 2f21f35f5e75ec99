"""Signing in with a username, or with one's whole ID number: accounts created for applicants
without a chosen username get a generated one, and the ID number they know is never stored in
clear to find them by."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from accounts.selectors import active_memberships_with_person
from core.encrypted_fields import matching


class UsernameOrIdNumberBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.filter(matching(User, "id_number", username)).first()
        if user is None:
            # Hash anyway, so that an unknown name costs what a wrong password does.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in person of a session, read with their active roles in one query: every
        page needs both, and the request's checks take the roles from here
        (`accounts.selectors.active_memberships`), a query less on each page."""
        memberships = active_memberships_with_person(user_id)
        if memberships:
            user = memberships[0].user
            user = user if self.user_can_authenticate(user) else None
        else:  # no active role: read as Django's backend reads a person
            user = super().get_user(user_id)
        if user is not None:
            user.memberships_of_this_request = tuple(memberships)
        return user
