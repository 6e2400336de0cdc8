"""What accounts tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent after a person's password was changed or reset (kwargs: user). Notifications tells them.
password_changed = Signal()
