"""Indicator catalogue, targets, computed values, ward/district reports."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import BaseModel
from sxsh.core.roles import ALL_ROLES, STAFF_ROLES, Role
from sxsh.core.scoping import Scope

NOBODY: frozenset[str] = frozenset()


class Level(models.TextChoices):
    NATIONAL = "national", _("Chỉ tiêu quốc gia")
    PLAN = "plan", _("Chỉ tiêu của kế hoạch")


class Indicator(BaseModel):
    """One indicator: value = numerator / denominator × factor, computed by ``sources.SOURCES[code]``."""

    code = models.SlugField(_("mã chỉ tiêu"), max_length=60, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    short_name = models.CharField(_("tên ngắn"), max_length=80)
    unit = models.CharField(_("đơn vị tính"), max_length=40)
    numerator = models.TextField(_("tử số"))
    denominator = models.TextField(_("mẫu số"), blank=True)
    factor = models.DecimalField(_("hệ số"), max_digits=12, decimal_places=4, default=Decimal(1))
    source_description = models.TextField(_("nguồn số liệu"))
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    higher_is_better = models.BooleanField(_("càng cao càng tốt"), default=True)
    level = models.CharField(_("cấp chỉ tiêu"), max_length=20, choices=Level.choices)
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=0)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    role_permissions = {"view": ALL_ROLES, "add": NOBODY, "change": NOBODY, "delete": NOBODY}
    scope = Scope(public=models.Q(is_active=True))

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return bool(self.denominator)


class IndicatorTarget(BaseModel):
    """A target for an indicator in a year, for one unit (or every unit when ``unit`` is empty).

    A range target ("5–8%") keeps its lower bound in ``value`` and its upper bound in ``value_high``;
    reaching the lower bound meets it.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("địa bàn"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    value = models.DecimalField(_("giá trị mục tiêu"), max_digits=20, decimal_places=4)
    value_high = models.DecimalField(_("cận trên"), max_digits=20, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("nguồn mục tiêu"), max_length=300)
    external_ref = models.CharField(_("mã tham chiếu"), max_length=100, blank=True)

    role_permissions = {"view": ALL_ROLES, "add": NOBODY, "change": NOBODY, "delete": NOBODY}
    scope = Scope(public=models.Q(pk__isnull=False))

    class Meta:
        verbose_name = _("mục tiêu của chỉ tiêu")
        verbose_name_plural = _("mục tiêu của chỉ tiêu")
        ordering = ["indicator__order", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "unit"], name="indicator_target_unique"),
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=models.Q(unit__isnull=True), name="indicator_target_unique_all"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.short_name} {self.year}: {self.value}"


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Năm")
    QUARTER = "quarter", _("Quý")
    MONTH = "month", _("Tháng")


class View(models.TextChoices):
    """The two honest views of a series (docs/geography.md)."""

    REPORTED = "reported", _("Theo địa giới khi báo cáo")
    RESTATED = "restated", _("Quy về địa giới hiện nay")


#: Said of a value that depends on an estimated emission factor (on pages, in exports and the API).
ESTIMATE_TEXT = _("Có dùng hệ số phát thải ước tính, chưa chính thức.")


class IndicatorValue(BaseModel):
    """A computed value for a period × administrative unit × sector (empty sector = all sectors).

    ``view`` says which of the two views of the series the value belongs to: "as reported" (the units valid
    in the period, each facility in the ward it was in) or "restated to today's boundaries" (today's units,
    each facility in its current ward); ``unplaced_count`` counts the records held by this unit because
    their own unit is not one of the view's units (a split ward's facility not yet placed, say).

    A value can be drilled down to exactly the records (of ``record_model``) behind its numerator:
    ``record_count`` says how many, and ``record_ids`` holds only the value's *own* records — those whose
    own unit (normally their ward) is this value's unit. The drill-down of a district or the city is the
    union of the ``record_ids`` of the values of its subtree (same indicator, period and sector), see
    ``selectors.drilldown_ids``; ids are no longer repeated at every level. ``computed_at`` is the
    "data as of" timestamp. A value whose records include one with an unknown figure (a missing
    emission factor) is empty ("no data") with the reason in ``note``; ``is_estimate`` marks a value that
    depends on an estimate (an estimated emission factor).

    Values are derived data, replaced wholesale by each recomputation from ids it has just read, so
    their foreign keys have no database constraint: PostgreSQL checked the three of them row by row at
    commit (deferred triggers), which took longer than writing the rows. Deleting an indicator, unit or
    sector still deletes its values (Django's cascade), and the indicator's own index is the unique
    constraint's first column.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="values",
                                  db_constraint=False, db_index=False)
    period_kind = models.CharField(_("kỳ"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    period_no = models.PositiveSmallIntegerField(_("số kỳ"), default=0)  # quarter 1–4, month 1–12, 0 for a year
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.CASCADE, related_name="+",
        db_constraint=False,
    )
    sector = models.ForeignKey(
        "directory.Sector", verbose_name=_("ngành"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        db_constraint=False,
    )
    numerator = models.DecimalField(_("tử số"), max_digits=24, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("mẫu số"), max_digits=24, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=24, decimal_places=4, null=True, blank=True)
    record_model = models.CharField(_("loại bản ghi"), max_length=100, blank=True)
    record_ids = models.JSONField(_("bản ghi"), default=list, blank=True)
    record_count = models.PositiveIntegerField(_("số bản ghi"), default=0)
    note = models.CharField(_("lý do chưa có số liệu"), max_length=500, blank=True)
    is_estimate = models.BooleanField(_("dựa trên số ước tính"), default=False)
    computed_at = models.DateTimeField(_("số liệu tính lúc"))
    view = models.CharField(_("cách xem"), max_length=10, choices=View.choices, default=View.REPORTED)
    unplaced_count = models.PositiveIntegerField(_("số bản ghi chưa xếp được"), default=0)

    role_permissions = {"view": STAFF_ROLES, "add": NOBODY, "change": NOBODY, "delete": NOBODY}
    scope = Scope(unit="unit__path")

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        ordering = ["indicator__order", "year", "period_kind", "period_no", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "year", "period_no", "view", "unit", "sector"],
                name="indicator_value_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "year", "period_no", "view", "unit"],
                condition=models.Q(sector__isnull=True), name="indicator_value_unique_all_sectors",
            ),
        ]
        indexes = [models.Index(fields=["year", "period_kind", "period_no"])]

    def __str__(self) -> str:
        return f"{self.indicator.short_name} · {self.unit} · {self.year}"

    @property
    def period_label(self) -> str:
        from .periods import Period

        return Period(self.period_kind, self.year, self.period_no).label

    @property
    def remark(self) -> str:
        """What a reader must know about the value: why it is missing, or that it rests on an estimate."""
        return self.note or (str(ESTIMATE_TEXT) if self.is_estimate else "")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ xem xét")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã phê duyệt")


REPORT_EDITORS = frozenset({Role.WARD, Role.DISTRICT, Role.DOIT})


class Report(BaseModel):
    """The periodic report of a unit: a commune-level unit's, sent up to the unit that reviews it, or a
    district's or province's own, issued directly.

    The reviewing unit (``approver``) follows from the unit tree valid in the report's period (a ward to
    its district up to 30/6/2025, a commune or ward to its province from 1/7/2025); it is stored when the
    report is submitted, so a past approval keeps the reviewer it had.

    Until it is submitted, the report shows live values; submitting stores a snapshot of its figures,
    and approval freezes that snapshot for good (later recomputation does not change it).
    """

    unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    year = models.PositiveSmallIntegerField(_("năm"))
    period_no = models.PositiveSmallIntegerField(_("số kỳ"), default=0)
    number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500, blank=True, help_text=_(
        "Để trống: trích dẫn kế hoạch, chương trình đang thực hiện; được lưu lại khi gửi hoặc ban hành báo cáo."))
    narrative = models.TextField(_("nội dung đánh giá"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xem xét"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    approver = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("đơn vị xem xét"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    review_comment = models.TextField(_("ý kiến của đơn vị xem xét"), blank=True)
    snapshot = models.JSONField(_("số liệu đã chốt"), null=True, blank=True)
    snapshot_at = models.DateTimeField(_("số liệu chốt lúc"), null=True, blank=True)

    role_permissions = {"view": STAFF_ROLES, "add": REPORT_EDITORS, "change": REPORT_EDITORS, "delete": NOBODY}
    scope = Scope(unit="unit__path")

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-year", "-period_kind", "-period_no", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_kind", "year", "period_no"], name="report_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{_('Báo cáo')} {self.unit} {self.period_label}"

    @property
    def period_label(self) -> str:
        from .periods import Period

        return Period(self.period_kind, self.year, self.period_no).label

    @property
    def is_frozen(self) -> bool:
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED) and self.snapshot is not None


class ReviewStep(models.TextChoices):
    SUBMITTED = "submitted", _("Gửi lên xem xét")
    RESUBMITTED = "resubmitted", _("Gửi lại sau khi sửa")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Phê duyệt")


class ReportReview(BaseModel):
    """One step of a report's review, kept for good: each submission, return and approval with who, when
    and the comment (a report returned twice keeps both returns and both comments)."""

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField(_("lượt"))
    step = models.CharField(_("bước"), max_length=20, choices=ReviewStep.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("lúc"))
    comment = models.TextField(_("ý kiến"), blank=True)

    role_permissions = {"view": STAFF_ROLES, "add": NOBODY, "change": NOBODY, "delete": NOBODY}
    scope = Scope(unit="report__unit__path")

    class Meta:
        verbose_name = _("bước xem xét báo cáo")
        verbose_name_plural = _("lịch sử xem xét báo cáo")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} – {self.get_step_display()} ({self.round})"



class StaleYear(models.Model):
    """A year whose indicators a change could not mark through ``updated_at`` (rows deleted, or moved to other
    dates by a bulk update): written in the change's transaction, recomputed and removed by the periodic job."""

    year = models.PositiveSmallIntegerField(_("năm"))
    marked_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("năm cần tính lại")
        verbose_name_plural = _("năm cần tính lại")

    def __str__(self) -> str:
        return str(self.year)
