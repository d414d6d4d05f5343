"""What accounts tells the features above it, which listen without accounts knowing them."""

from flask.signals import Namespace

_signals = Namespace()
# After a person's role changed (sender: the User, `before`: the old role); teams listens, so that
# someone who is no longer a manager stops managing teams.
role_changed = _signals.signal("role-changed")
# After a person's password was set or changed (sender: the User); sessions listens, so that the
# calendar feed's secret URL is replaced along with everything else whoever knew the old one had.
password_changed = _signals.signal("password-changed")
# After someone proved their password at sign-in (sender: the User); sso listens, so that a company
# account waiting for that proof in the same browser is linked.
signed_in_with_password = _signals.signal("signed-in-with-password")
