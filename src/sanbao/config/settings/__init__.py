"""Sanbao settings, read from the environment; one module per concern."""

import django_stubs_ext

from .base import *  # noqa: F403
from .database import *  # noqa: F403
from .i18n import *  # noqa: F403
from .jobs import *  # noqa: F403
from .logs import *  # noqa: F403
from .mail import *  # noqa: F403
from .privacy import *  # noqa: F403
from .security import *  # noqa: F403
from .storage import *  # noqa: F403

# Lets admin classes be written ModelAdmin[Model] for the type checker.
django_stubs_ext.monkeypatch()
