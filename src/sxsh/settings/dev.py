"""Development and demo settings (the default)."""

from .base import *  # noqa: F403
