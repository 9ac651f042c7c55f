"""An event as an iCalendar file (RFC 5545): one VEVENT per session, in the site's time zone."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event, EventStatus

#: How long a description may be in a calendar entry (calendar programs show the start of it).
DESCRIPTION_CHARS = 1000


def event_ics(event: Event, *, page_url: str, host: str) -> bytes:
    """The sessions of ``event`` as calendar entries; ``page_url`` is the event's public page, ``host``
    makes the entries' UIDs unique to this site (a calendar updates the same entries on a new download)."""
    zone = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", f"-//SXSH//{host}//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    description = "\n\n".join(p for p in (event.description[:DESCRIPTION_CHARS].strip(), page_url) if p)
    for session in event.sessions.all():
        entry = CalendarEvent()
        entry.add("uid", f"sxsh-session-{session.pk}@{host}")
        entry.add("dtstamp", event.updated_at)
        entry.add("dtstart", timezone.localtime(session.starts_at, zone))
        entry.add("dtend", timezone.localtime(session.ends_at, zone))
        entry.add("summary", f"{event.title} – {session.title}" if session.title else event.title)
        entry.add("location", event.venue)
        entry.add("description", description)
        entry.add("url", page_url)
        entry.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
