"""The events app's periodic jobs: reminders the day before, and feedback and certificates once open."""

from sxsh.tasks import periodic

from . import notices


@periodic.every(15 * 60)
def remind_and_follow_up() -> None:
    notices.send_reminders()
    notices.send_follow_ups()
