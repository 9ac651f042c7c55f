"""Event pages: public list, detail and registration; back-office lists, check-in and exports."""

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sxsh.core import captchas
from sxsh.core.downloads import file_response
from sxsh.core.ids import parse_id
from sxsh.core.pdf import official_language, render_pdf
from sxsh.core.roles import Role
from sxsh.core.scoping import allows
from sxsh.core.tables import export_view, render_page
from sxsh.core.tabular import Sheet, write_xlsx

from . import codes, exports, ical, selectors, services
from .forms import (
    CancelForm,
    CheckInForm,
    EventForm,
    FacilityChoiceForm,
    FeedbackForm,
    PublicRegistrationForm,
    SessionFormSet,
    StaffFormSet,
    WalkInForm,
)
from .models import Event, EventKind, Registration, RegistrationStatus
from .tables import CLAIMS, EVENTS, REGISTRATIONS

PAGE_SIZE = 25

_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def with_site_url(view: _View) -> _View:
    """Links in e-mails and QR codes use the address the request came to (unless SXSH_BASE_URL is set)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = services.BASE_URL.set(request.build_absolute_uri("/"))
        try:
            return view(request, *args, **kwargs)
        finally:
            services.BASE_URL.reset(token)

    return wrapper  # type: ignore[return-value]


def _apply_error(form: Any, exc: services.EventError) -> None:
    if exc.field == "override_reason" and hasattr(form, "ask_reason"):
        form.ask_reason()  # outside the session's day: the officer may give a reason
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


# --- public --------------------------------------------------------------------------------------


def event_list(request: HttpRequest, when: str = "upcoming") -> HttpResponse:
    kind = request.GET.get("kind", "")
    events = selectors.public_events(when, kind)
    page = Paginator(events, 12).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {
        "page": page, "when": when, "kind": kind, "kinds": EventKind.choices,
    })


def _public_event(slug: str) -> Event:
    try:
        return selectors.public_event(slug)
    except Event.DoesNotExist:
        raise Http404 from None


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    return render(request, "events/event_detail.html", {
        "event": event, "seats_left": selectors.seats_left(event),
        "documents": selectors.event_documents(request.user, event),
        "can_manage": selectors.staff_events(request.user).filter(pk=event.pk).exists()
        if request.user.is_authenticated else False,
    })


def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's sessions as an ``.ics`` file, for the visitor's calendar program."""
    event = _public_event(slug)
    body = ical.event_ics(event, page_url=request.build_absolute_uri(reverse("events:detail", args=[slug])),
                              host=request.get_host().split(":")[0])
    return file_response(body, f"{event.slug}.ics")


def _enterprise_facilities(user: Any) -> list[Any]:
    if not user.is_authenticated or user.role != Role.ENTERPRISE:
        return []
    return list(user.facilities.all().order_by("name"))


@with_site_url
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    facilities = _enterprise_facilities(request.user)
    if facilities:
        return _register_staff(request, event, facilities)
    form = PublicRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(acting_user=request.user, event_id=event.pk,
                                              participant=form.participant())
        except services.EventError as exc:
            _apply_error(form, exc)
        else:
            return redirect("events:confirmation", code=registration.code)
    if form.is_bound and "started" in form.errors:
        form.restart_clock()
    if not captchas.allow_new(request):  # the page renders a new CAPTCHA row
        return captchas.refused()
    return render(request, "events/register.html", {
        "event": event, "form": form, "seats_left": selectors.seats_left(event),
    })


def _batch_message(done: list[Registration]) -> str:
    """What a batch registration gave, told honestly: seats and waiting-list places apart."""
    waiting = sum(1 for r in done if r.status == RegistrationStatus.WAITLISTED)
    if not waiting:
        return _("Đã đăng ký %(n)s người, tất cả đều có chỗ.") % {"n": len(done)}
    if waiting == len(done):
        return _("Sự kiện đã đủ chỗ: %(n)s người vào danh sách chờ, chưa có chỗ. Khi có chỗ trống, từng người "
                 "sẽ được báo qua thư điện tử.") % {"n": waiting}
    return _("%(seated)s người đã đăng ký có chỗ, %(waiting)s người vào danh sách chờ (chưa có chỗ; khi có chỗ "
             "trống sẽ được báo qua thư điện tử).") % {"seated": len(done) - waiting, "waiting": waiting}


def _register_staff(request: HttpRequest, event: Event, facilities: list[Any]) -> HttpResponse:
    """An enterprise representative registers several staff of their facility (no CAPTCHA)."""
    choice = FacilityChoiceForm(request.POST or None, facilities=facilities)
    formset = StaffFormSet(request.POST or None, prefix="staff")
    done: list[Registration] = []
    if request.method == "POST" and choice.is_valid() and formset.is_valid():
        facility = next(f for f in facilities if str(f.pk) == choice.cleaned_data["facility"])
        rows = [(i, f) for i, f in enumerate(formset.forms) if f.has_data()]
        participants = [f.participant(facility.pk) for _i, f in rows]
        for p in participants:
            p.organisation_name = facility.name
        try:
            done = services.register_many(acting_user=request.user, event_id=event.pk, facility_id=facility.pk,
                                          participants=participants)
        except services.EventError as exc:
            if exc.row is not None and exc.row < len(rows):
                _apply_error(rows[exc.row][1], exc)
            else:
                messages.error(request, exc.message)
        else:
            messages.success(request, _batch_message(done))
            return redirect("events:my_registrations")
    return render(request, "events/register_staff.html", {
        "event": event, "choice": choice, "formset": formset, "seats_left": selectors.seats_left(event),
    })


def _by_code(code: str) -> Registration:
    registration = selectors.registration_by_code(codes.parse_code(code))
    if registration is None:
        raise Http404
    return registration


def confirmation(request: HttpRequest, code: str) -> HttpResponse:
    registration = _by_code(code)
    return render(request, "events/confirmation.html", {
        "r": registration, "event": registration.event,
        "position": selectors.waitlist_position(registration),
        **_follow_up(registration),
    })


@with_site_url
def qr_code(request: HttpRequest, code: str) -> HttpResponse:
    registration = _by_code(code)
    response = HttpResponse(codes.qr_svg(services.confirmation_url(registration)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@with_site_url
def cancel(request: HttpRequest) -> HttpResponse:
    form = CancelForm(request.POST or None, initial={"code": request.GET.get("ma", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_by_code(code=form.cleaned_data["code"], email=form.cleaned_data["email"])
        except services.EventError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Đã hủy đăng ký. Cảm ơn bạn đã báo trước."))
            return redirect("events:list")
    return render(request, "events/cancel.html", {"form": form})


def _follow_up(registration: Registration) -> dict[str, Any]:
    """Whether the attendee's feedback form and certificate are open yet (rule in :mod:`services`)."""
    opens_at = services.follow_up_opens_at(registration)
    is_open = services.follow_up_is_open(registration)
    return {
        "attended": opens_at is not None, "follow_up_open": is_open,
        "opens_at": opens_at, "opens_at_text": services.format_moment(opens_at) if opens_at else "",
        "not_open_message": services.feedback_not_open_message(opens_at) if opens_at and not is_open else "",
    }


def feedback(request: HttpRequest, code: str) -> HttpResponse:
    registration = _by_code(code)
    state = _follow_up(registration)
    form = FeedbackForm(request.POST or None)
    already = hasattr(registration, "feedback")
    if request.method == "POST" and state["follow_up_open"] and not already and form.is_valid():
        d = form.cleaned_data
        try:
            services.submit_feedback(registration=registration, content=d["content"], organisation=d["organisation"],
                                     usefulness=d["usefulness"], comment=d["comment"])
        except services.EventError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Cảm ơn bạn đã gửi phiếu đánh giá."))
            return redirect("events:confirmation", code=registration.code)
    refused = not state["attended"] or (request.method == "POST" and not state["follow_up_open"])
    return render(request, "events/feedback.html", {
        "r": registration, "event": registration.event, "form": form, "already": already, **state,
    }, status=403 if refused else 200)


@official_language
def certificate(request: HttpRequest, code: str, fmt: str = "pdf") -> HttpResponse:
    """The certificate of attendance (PDF, or DOCX and XLSX to print locally): like the feedback, once a session the
    participant attended has ended."""
    registration = _by_code(code)
    state = _follow_up(registration)
    if not state["follow_up_open"]:
        return render(request, "events/not_attended.html", {"r": registration, **state}, status=403)
    event = registration.event
    issued_on = _issued_on(event)
    registration = services.issue_certificate(registration=registration, issued_on=issued_on)
    header = exports.certificate_header(registration, issued_on)
    co_organisers = list(event.co_organisers.all())
    if fmt == "docx":
        body = exports.certificate_docx(registration, header, co_organisers)
    elif fmt == "xlsx":
        body = write_xlsx([exports.certificate_sheet(registration, header, co_organisers)])
    else:
        body = render_pdf("events/certificate.html", {
            "r": registration, "header": header, "lines": exports.certificate_lines(registration, co_organisers)})
    return file_response(body, f"chung-nhan-{registration.code}.{fmt}", inline=fmt == "pdf")


# --- back office ---------------------------------------------------------------------------------


def _staff_event(request: HttpRequest, pk: int) -> Event:
    try:
        return selectors.staff_event(request.user, pk)
    except Event.DoesNotExist:
        raise Http404 from None


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, EVENTS, "events/staff_list.html", {"can_add": allows(request.user, Event, "add")})


staff_export = export_view(EVENTS)


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _staff_event(request, pk)
    return render_page(request, REGISTRATIONS, "events/staff_detail.html", {
        "event": event, "sessions": selectors.sessions_of(event), "feedback": selectors.feedback_summary(event),
        "can_change": Event.objects.restrict(request.user, "change").filter(pk=pk).exists(),
    }, parent=event)


@login_required
def event_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        if not allows(request.user, Event, "add"):
            raise Http404
        event = Event()
        initial_sessions: list[dict[str, Any]] = []
    else:
        event = _staff_event(request, pk)
        if not Event.objects.restrict(request.user, "change").filter(pk=pk).exists():
            raise Http404
        initial_sessions = [
            {"id": s.pk, "title": s.title, "starts_at": timezone.localtime(s.starts_at),
             "ends_at": timezone.localtime(s.ends_at)} for s in event.sessions.all()
        ]
    form = EventForm(request.POST or None, instance=event, user=request.user)
    sessions = SessionFormSet(request.POST or None, prefix="sessions", initial=initial_sessions)
    if request.method == "POST" and form.is_valid() and sessions.is_valid():
        rows = [f.cleaned_data for f in sessions.forms if f.cleaned_data.get("title")]
        if not rows:
            form.add_error(None, _("Sự kiện cần ít nhất một buổi."))
        else:
            from django.core.exceptions import ValidationError

            try:
                saved = services.save_event(acting_user=request.user, event=event, data=form.event_data(),
                                            sessions=rows)
            except ValidationError as exc:
                form.add_error(None, "; ".join(exc.messages))
            except PermissionDenied:
                form.add_error("unit", _("Địa bàn nằm ngoài phạm vi của bạn."))
            else:
                messages.success(request, _("Đã lưu sự kiện “%(t)s”.") % {"t": saved.title})
                return redirect("events:staff_detail", pk=saved.pk)
    return render(request, "events/event_form.html", {"form": form, "sessions": sessions, "event": event})


@login_required
def export_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet of the page's registrations (its filters): one column per session."""
    event = _staff_event(request, pk)
    registrations = REGISTRATIONS.select(request, request.GET, parent=event).queryset
    sessions = list(event.sessions.all())
    sheet = Sheet(_("Điểm danh"), exports.attendance_headers(sessions),
                  exports.attendance_rows(selectors.with_attendance(registrations), sessions),
                  heading=exports.attendance_header(event, _issued_on(event)).lines())
    return file_response(write_xlsx([sheet]), f"diem-danh-{event.slug}.xlsx")


def _issued_on(event: Event) -> date:
    """Certificates and the attendance list are dated on the event's last day (today if it has none)."""
    return timezone.localtime(event.ends_at).date() if event.ends_at else timezone.localdate()


@login_required
@official_language
def attendance_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The attendance list as an official document (PDF or DOCX) of the event's organiser."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    event = _staff_event(request, pk)
    sessions = list(event.sessions.all())
    registrations = selectors.with_attendance(selectors.registrations_for(request.user, event))
    header = exports.attendance_header(event, _issued_on(event))
    columns, rows = exports.attendance_table(registrations, sessions)
    if fmt == "pdf":
        body = render_pdf("events/attendance_pdf.html", {"header": header, "columns": columns, "rows": rows,
                                                         "orientation": "landscape" if len(sessions) > 3 else "portrait"})
    else:
        body = exports.attendance_docx(header, columns, rows)
    return file_response(body, f"diem-danh-{event.slug}.{fmt}")


@login_required
@require_POST
@with_site_url
def staff_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _staff_event(request, pk)
    registration = Registration.objects.restrict(request.user, "change").filter(
        pk=registration_pk, event=event).first()
    if registration is None:
        raise Http404
    try:
        promoted = services.cancel_registration(acting_user=request.user, registration_id=registration.pk)
    except services.EventError as exc:
        messages.error(request, exc.message)
    else:
        text = _("Đã hủy đăng ký của %(name)s.") % {"name": registration.full_name}
        if promoted:
            text += " " + _("Đã chuyển %(names)s từ danh sách chờ lên và gửi thư báo.") % {
                "names": ", ".join(r.full_name for r in promoted)}
        messages.success(request, text)
    return redirect("events:staff_detail", pk=event.pk)


@login_required
@require_POST
@with_site_url
def staff_erase(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _staff_event(request, pk)
    registration = Registration.objects.restrict(request.user, "change").filter(
        pk=registration_pk, event=event).first()
    if registration is None:
        raise Http404
    services.erase_personal_data(acting_user=request.user, registration_id=registration.pk)
    messages.success(request, _("Đã xóa dữ liệu cá nhân của đăng ký %(code)s.") % {"code": registration.code})
    return redirect("events:staff_detail", pk=event.pk)


@login_required
@require_POST
@with_site_url
def mail_attendees(request: HttpRequest, pk: int) -> HttpResponse:
    event = _staff_event(request, pk)
    try:
        told, before = services.mail_attendees(acting_user=request.user, event=event)
    except services.EventError as exc:
        messages.error(request, exc.message)
        return redirect("events:staff_detail", pk=event.pk)
    message = _("Đã gửi thư mời đánh giá và giấy chứng nhận tới %(n)s người tham dự.") % {"n": told}
    if before:
        message += " " + _("%(n)s người đã được báo trước đó (hoặc đã tắt loại thông báo này): không gửi lại.") % {
            "n": before}
    messages.success(request, message)
    return redirect("events:staff_detail", pk=event.pk)


def _checkin_context(request: HttpRequest, event: Event, session_id: int | None) -> dict[str, Any]:
    sessions = list(event.sessions.all())
    current = next((s for s in sessions if s.pk == session_id), None) or services._default_session(event)
    q = (request.GET.get("q") or "")[:100]
    participants = selectors.with_attendance(selectors.participants(request.user, event, q))
    rows = []
    for r in participants:
        present = {a.session_id for a in r.attendances.all()}
        rows.append({"r": r, "present": current is not None and current.pk in present})
    return {"event": event, "sessions": sessions, "current": current, "rows": rows, "q": q,
            "present_count": sum(1 for row in rows if row["present"]), "seats": selectors.seat_usage(event),
            "off_day": current is not None and not services.is_session_day(current)}


def _off_day(sessions: list[Any]) -> bool:
    """No session runs today: the desk asks for the reason of an officer's check-in at once."""
    return not any(services.is_session_day(s) for s in sessions)


def _session_param(request: HttpRequest) -> int | None:
    return parse_id(request.POST.get("session") or request.GET.get("session"))


@login_required
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Check-in desk: type or scan a code; tap people in the list; register walk-ins."""
    event = _staff_event(request, pk)
    sessions = list(event.sessions.all())
    session_id = _session_param(request)
    off_day = _off_day(sessions)
    form = CheckInForm(request.POST or None, sessions=sessions, initial={"session": session_id}, ask_reason=off_day)
    walk = WalkInForm(None, sessions=sessions, prefix="walk", initial={"session": session_id}, ask_reason=off_day)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_in(acting_user=request.user, event=event, code=form.cleaned_data["code"],
                                       session_id=form.cleaned_data.get("session"),
                                       override_reason=form.override_reason())
        except services.EventError as exc:
            _apply_error(form, exc)
            status = 422
        else:
            form = CheckInForm(None, sessions=sessions, initial={"session": result.attendance.session_id,
                                                                 "override_reason": form.override_reason()},
                               ask_reason=off_day)
            session_id = result.attendance.session_id
    context = _checkin_context(request, event, session_id)
    context.update({"form": form, "walk": walk, "result": result})
    return render(request, "events/checkin.html", context, status=status)


@login_required
@require_POST
def checkin_toggle(request: HttpRequest, pk: int, registration_pk: int, session_pk: int) -> HttpResponse:
    """htmx: mark one participant present (or not) at a session; answers the row's button."""
    event = _staff_event(request, pk)
    registration = event.registrations.filter(pk=registration_pk, status=RegistrationStatus.CONFIRMED).first()
    if registration is None or not event.sessions.filter(pk=session_pk).exists():
        raise Http404
    error = ""
    if request.POST.get("present") == "0":
        services.undo_check_in(acting_user=request.user, event=event, registration_id=registration.pk,
                               session_id=session_pk)
        present = False
    else:
        try:
            services.check_in(acting_user=request.user, event=event, code=registration.code, session_id=session_pk,
                              override_reason=request.POST.get("override_reason", ""))
            present = True
        except services.EventError as exc:
            error, present = exc.message, False
    context = {"event": event, "row": {"r": registration, "present": present}, "current": {"pk": session_pk},
               "error": error}
    if request.headers.get("HX-Request"):
        return render(request, "events/_checkin_button.html", context)
    if error:
        messages.error(request, error)
    return redirect(reverse("events:checkin", args=[event.pk]) + f"?session={session_pk}")


@login_required
@require_POST
@with_site_url
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    event = _staff_event(request, pk)
    sessions = list(event.sessions.all())
    off_day = _off_day(sessions)
    walk = WalkInForm(request.POST, sessions=sessions, prefix="walk", ask_reason=off_day)
    if walk.is_valid():
        try:
            result = services.walk_in(acting_user=request.user, event=event, participant=walk.participant(),
                                      session_id=walk.cleaned_data.get("session"),
                                      over_capacity=walk.cleaned_data.get("over_capacity", False),
                                      override_reason=walk.override_reason())
        except services.EventError as exc:
            _apply_error(walk, exc)
        else:
            messages.success(request, _("Đã đăng ký tại chỗ và điểm danh %(name)s (mã %(code)s).") % {
                "name": result.registration.full_name, "code": result.registration.code})
            return redirect(reverse("events:checkin", args=[event.pk]) + f"?session={result.attendance.session_id}")
    context = _checkin_context(request, event, walk.cleaned_data.get("session") if walk.is_bound else None)
    context.update({"form": CheckInForm(None, sessions=sessions, ask_reason=off_day), "walk": walk, "result": None,
                    "walk_open": True})
    return render(request, "events/checkin.html", context, status=422)


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    """An enterprise's registrations (its facilities' staff); officers see those in their scope and of the events
    they manage."""
    return render_page(request, REGISTRATIONS, "events/my_registrations.html", {
        "claims": selectors.facility_claims(request.user).count()})


@login_required
def claims(request: HttpRequest) -> HttpResponse:
    """The registrations whose claim to come from a facility the user settles (404 for those who settle none)."""
    return render_page(request, CLAIMS, "events/claims.html")


claim_export = export_view(CLAIMS)


registration_export = export_view(REGISTRATIONS)


@login_required
@require_POST
def settle_claim(request: HttpRequest, registration_pk: int) -> HttpResponse:
    """The facility's representative (or an officer) confirms or refuses that a visitor came from it."""
    accept = request.POST.get("accept") == "1"
    try:
        registration = services.settle_claim(acting_user=request.user, registration_id=registration_pk,
                                             accept=accept)
    except PermissionDenied:
        raise Http404 from None
    except services.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, (_("Đã xác nhận %(code)s thuộc cơ sở.") if accept else
                                   _("Đã từ chối: %(code)s không thuộc cơ sở.")) % {"code": registration.code})
    return redirect("events:claims")
