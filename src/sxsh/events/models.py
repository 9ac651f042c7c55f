"""Workshops, training courses and study tours; sessions, registrations, attendance and feedback."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sxsh.calc.text import fold
from sxsh.core.models import BaseModel
from sxsh.core.roles import Role
from sxsh.core.scoping import Scope
from sxsh.core.slugs import unique_slug
from sxsh.plans.models import Programme  # the same programme codes as the plan's activities

__all__ = ["Programme"]

OFFICERS = frozenset({Role.DISTRICT, Role.WARD, Role.DOIT})
ORGANISERS = frozenset({Role.DISTRICT, Role.DOIT})


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Hội thảo chuyên đề")
    TRAINING = "training", _("Lớp tập huấn")
    STUDY_TOUR = "study_tour", _("Tham quan học tập")


class Audience(models.TextChoices):
    STATE_OFFICIAL = "state_official", _("Cán bộ quản lý nhà nước")
    TECHNICAL = "technical", _("Cán bộ kỹ thuật doanh nghiệp")
    PRODUCTION = "production", _("Cán bộ sản xuất")
    ENVIRONMENT = "environment", _("Cán bộ môi trường")
    OTHER = "other", _("Khác")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã công bố")
    CANCELLED = "cancelled", _("Đã hủy")


class Event(BaseModel):
    kind = models.CharField(_("loại sự kiện"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("tên sự kiện"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    description = models.TextField(_("nội dung"), blank=True)
    programmes = models.JSONField(_("chương trình liên quan"), default=list, blank=True)
    organiser = models.ForeignKey(
        "directory.Organisation", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT,
        related_name="organised_events",
    )
    co_organisers = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("đơn vị phối hợp"), blank=True, related_name="co_organised_events",
    )
    audiences = models.JSONField(_("đối tượng tham dự"), default=list, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=255)
    capacity = models.PositiveIntegerField(_("số chỗ"), validators=[MinValueValidator(1)])
    registration_opens = models.DateTimeField(_("mở đăng ký từ"))
    registration_closes = models.DateTimeField(_("hạn đăng ký"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="events",
    )
    materials = models.JSONField(_("tài liệu"), default=list, blank=True)  # [{"title": ..., "url": ...}]
    documents = models.ManyToManyField(
        "outreach.Document", verbose_name=_("tài liệu từ thư viện"), blank=True, related_name="events",
    )
    plan_activity = models.ForeignKey(
        "plans.Activity", verbose_name=_("hoạt động của kế hoạch"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="events",
    )
    signer_title = models.CharField(
        _("chức vụ người ký giấy chứng nhận"), max_length=150, blank=True,
        help_text=_("Ví dụ: TRƯỞNG PHÒNG KINH TẾ. Để trống: thủ trưởng đơn vị tổ chức."),
    )
    signer_name = models.CharField(_("họ tên người ký giấy chứng nhận"), max_length=150, blank=True)
    # Denormalised from the sessions by the services (first start, last end) for listing and filtering.
    starts_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    role_permissions = {"view": OFFICERS, "add": ORGANISERS, "change": ORGANISERS, "delete": frozenset({Role.DISTRICT})}
    scope = Scope(unit="unit__path", public=Q(status=EventStatus.PUBLISHED))

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes__gte=models.F("registration_opens")), name="event_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join([self.title, self.venue, self.description[:2000]]))
        if not self.slug:  # the public address comes from the title once, then stays (links keep working)
            self.slug = unique_slug(Event, self.title, fallback="su-kien", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def programme_labels(self) -> list[str]:
        return [str(Programme(p).label) for p in self.programmes if p in Programme.values]

    def audience_labels(self) -> list[str]:
        return [str(Audience(a).label) for a in self.audiences if a in Audience.values]

    @property
    def is_past(self) -> bool:
        end = self.ends_at or self.starts_at
        return end is not None and end < timezone.now()

    @property
    def registration_is_open(self) -> bool:
        now = timezone.now()
        return (
            self.status == EventStatus.PUBLISHED
            and self.registration_opens <= now <= self.registration_closes
            and not self.is_past
        )


class Session(BaseModel):
    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("tên buổi"), max_length=255)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))

    role_permissions = Event.role_permissions
    scope = Scope(unit="event__unit__path", public=Q(event__status=EventStatus.PUBLISHED))

    class Meta:
        verbose_name = _("buổi")
        verbose_name_plural = _("các buổi")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%H:%M %d/%m/%Y})"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Đã xác nhận chỗ")
    WAITLISTED = "waitlisted", _("Danh sách chờ")
    CANCELLED = "cancelled", _("Đã hủy")


ACTIVE = Q(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])


class Registration(BaseModel):
    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.PROTECT, related_name="registrations")
    code = models.CharField(_("mã đăng ký"), max_length=16, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    organisation_name = models.CharField(_("cơ quan / cơ sở"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    audience = models.CharField(_("đối tượng"), max_length=20, choices=Audience.choices)
    phone = models.CharField(_("điện thoại"), max_length=20)  # digits only (normalised by the service)
    email = models.EmailField(_("thư điện tử"))  # lower case (normalised by the service)
    facility = models.ForeignKey(
        "directory.Facility", verbose_name=_("cơ sở sản xuất"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    # A visitor's "I am from the facility with this tax code": never attached (nor counted, nor shown to the
    # facility's representative) until the representative or an officer confirms it (services.settle_claim).
    claimed_tax_code = models.CharField(_("mã số thuế khai báo (chờ xác nhận)"), max_length=20, blank=True,
                                        db_index=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=RegistrationStatus.choices)
    is_walk_in = models.BooleanField(_("đăng ký tại chỗ"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đăng ký hộ"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    promoted_at = models.DateTimeField(_("được chuyển lên từ danh sách chờ lúc"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=30, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    role_permissions = {
        "view": OFFICERS | {Role.ENTERPRISE},
        "add": OFFICERS | {Role.ENTERPRISE},
        "change": OFFICERS,
        "delete": frozenset(),
    }
    scope = Scope(unit="event__unit__path", facility="facility_id")
    #: Masked in the audit log for roles that do not handle participants (its name includes the person's).
    personal_fields = ("code", "full_name", "position", "phone", "email")
    personal_repr = True

    class Meta:
        verbose_name = _("đăng ký tham dự")
        verbose_name_plural = _("đăng ký tham dự")
        ordering = ["created_at", "pk"]
        constraints = [
            # A second safety net behind the service's check: one active registration per e-mail / phone.
            models.UniqueConstraint(
                fields=["event", "email"], condition=ACTIVE, name="registration_email_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["event", "phone"], condition=ACTIVE, name="registration_phone_once_per_event",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join([self.full_name, self.organisation_name, self.code, self.email, self.phone]))
        super().save(*args, **kwargs)


class Attendance(BaseModel):
    """A participant present at one session."""

    registration = models.ForeignKey(Registration, verbose_name=_("đăng ký"), on_delete=models.CASCADE,
                                     related_name="attendances")
    session = models.ForeignKey(Session, verbose_name=_("buổi"), on_delete=models.CASCADE, related_name="attendances")
    checked_in_at = models.DateTimeField(_("điểm danh lúc"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người điểm danh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    role_permissions = {"view": OFFICERS, "add": OFFICERS, "change": OFFICERS, "delete": OFFICERS}
    scope = Scope(unit="session__event__unit__path", facility="registration__facility_id")

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="attendance_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.session}"


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(BaseModel):
    registration = models.OneToOneField(Registration, verbose_name=_("đăng ký"), on_delete=models.CASCADE,
                                        related_name="feedback")
    content_rating = models.PositiveSmallIntegerField(_("nội dung"), validators=RATING_VALIDATORS)
    organisation_rating = models.PositiveSmallIntegerField(_("công tác tổ chức"), validators=RATING_VALIDATORS)
    usefulness_rating = models.PositiveSmallIntegerField(_("mức độ hữu ích"), validators=RATING_VALIDATORS)
    comment = models.TextField(_("góp ý"), blank=True, max_length=3000)

    role_permissions = {"view": OFFICERS, "add": frozenset(), "change": frozenset(), "delete": frozenset()}
    scope = Scope(unit="registration__event__unit__path")

    class Meta:
        verbose_name = _("phản hồi")
        verbose_name_plural = _("phản hồi")

    def __str__(self) -> str:
        return f"{self.registration}"
