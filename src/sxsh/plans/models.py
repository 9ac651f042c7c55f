"""The action plan: plans, workstreams, activities, targets, progress updates and their evidence.

Scope: a plan belongs to the administrative unit of its issuing organisation, for good (``unit``), and
is owned today by the unit of its current owner (``owner_unit``: the issuer's until a successor is
recorded, see :class:`PlanOwner`). A unit-scoped user sees the plans of units above their own (a ward
officer sees the district's plan) and below it (the Department of Industry and Trade sees every
district's plans), through either unit; they write only the plans whose current owner is within their
own subtree. Facility-scoped users (enterprise, consultant) see the plans of the units that contain their
facilities (``Scope(owner=…, read_ancestors=True)``, see :mod:`sxsh.core.scoping`).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sxsh.calc.text import fold
from sxsh.core.models import BaseModel
from sxsh.core.roles import ALL_ROLES, PLAN_OWNERS, Role
from sxsh.core.scoping import Scope

PLAN_PERMISSIONS = {"view": ALL_ROLES, "add": PLAN_OWNERS, "change": PLAN_OWNERS, "delete": PLAN_OWNERS}
#: Roles that may post progress updates; membership of the activity's organisations is checked per object.
REPORTER_ROLES = frozenset({Role.DISTRICT, Role.WARD, Role.DOIT, Role.CONSULTANT})



def through_plan(plan: str) -> Scope:
    """The scope of a plan's part, reached by the relation ``plan``: read through the plan's issuer or current
    owner (and their ancestors), written through the owner."""
    return Scope(unit=f"{plan}__unit__path", owner=f"{plan}__owner_unit__path", read_ancestors=True)

class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    IN_FORCE = "in_force", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class ActivityStatus(models.TextChoices):
    """The reported status of an activity (stored); "overdue" is derived, see :meth:`Activity.display_status`."""

    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    SUSPENDED = "suspended", _("Tạm dừng")


#: The derived status shown on screens: the reported statuses plus "overdue".
OVERDUE = "overdue"
DISPLAY_STATUS_LABELS: dict[str, Any] = {**dict(ActivityStatus.choices), OVERDUE: _("Quá hạn")}


class Programme(models.TextChoices):
    ENERGY_EFFICIENCY = "energy_efficiency", _("Sử dụng năng lượng tiết kiệm và hiệu quả")
    SCP = "scp", _("Sản xuất và tiêu dùng bền vững")
    CLIMATE = "climate", _("Ứng phó với biến đổi khí hậu ngành Công Thương")


class DocumentType(models.TextChoices):
    """The kind of document that issues a plan or programme (its name heads the plan's page)."""

    PLAN = "plan", _("Kế hoạch")
    DECISION = "decision", _("Quyết định")
    PROGRAMME = "programme", _("Chương trình")
    SCHEME = "scheme", _("Đề án")
    DIRECTIVE = "directive", _("Chỉ thị")
    OTHER = "other", _("Văn bản")


class FundingSource(BaseModel):
    """A source of funds, named as the issuing body names it ("Ngân sách tỉnh", "Kinh phí khuyến công")."""

    name = models.CharField(_("tên nguồn kinh phí"), max_length=200, unique=True)
    description = models.CharField(_("ghi chú"), max_length=500, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    role_permissions = {"view": ALL_ROLES, "add": frozenset(), "change": frozenset(), "delete": frozenset()}

    class Meta:
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def validate_programmes(value: Any) -> None:
    if not isinstance(value, list) or any(v not in Programme.values for v in value):
        raise ValidationError(_("Chương trình liên kết không hợp lệ."), code="bad_programme")


def plan_document_path(instance: "Plan", filename: str) -> str:
    return f"plans/documents/{date.today():%Y}/{filename}"


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    return f"plans/evidence/{date.today():%Y/%m}/{filename}"


class Plan(BaseModel):
    document_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices,
                                     default=DocumentType.PLAN)
    number = models.CharField(_("số, ký hiệu"), max_length=50, help_text=_("Ví dụ: 154/KH-UBND"))
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.ForeignKey(
        "directory.Organisation", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT,
        related_name="plans", editable=False,
    )
    owner_unit = models.ForeignKey(
        "directory.AdministrativeUnit", verbose_name=_("địa bàn của cơ quan chủ trì"), on_delete=models.PROTECT,
        related_name="+", editable=False, null=True,
    )
    issued_on = models.DateField(_("ngày ban hành"))
    period_start = models.DateField(_("thực hiện từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True,
                                    help_text=_("Ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"))
    signer_name = models.CharField(_("họ và tên người ký"), max_length=200, blank=True)
    summary = models.TextField(_("nội dung tóm tắt"), blank=True)
    document = models.FileField(_("văn bản ký (PDF/DOCX)"), upload_to=plan_document_path, blank=True, max_length=255)
    status = models.CharField(_("tình trạng"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    search_text = models.TextField(editable=False, default="")

    role_permissions = PLAN_PERMISSIONS
    scope = Scope(unit="unit__path", owner="owner_unit__path", read_ancestors=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["issuer", "number", "issued_on"], name="plan_number_unique")]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"

    @property
    def heading(self) -> str:
        """"Kế hoạch số 154/KH-UBND", "Quyết định số 1234/QĐ-UBND": the document's kind and number."""
        return _("%(kind)s số %(number)s") % {"kind": self.get_document_type_display(), "number": self.number}

    @property
    def reference(self) -> str:
        """How a report cites the plan: its heading, date and issuer ("Kế hoạch số 154/KH-UBND ngày 08/08/2019
        của Ủy ban nhân dân quận Hoàn Kiếm")."""
        return _("%(heading)s ngày %(date)s của %(issuer)s") % {
            "heading": self.heading, "date": self.issued_on.strftime("%d/%m/%Y"), "issuer": self.issuer.name}

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")})

    def audit_snapshot(self) -> dict[str, Any]:
        return {**super().audit_snapshot(), "document": self.document.name or ""}

    def owner_on(self, day: date) -> Any:
        """The organisation that owns the plan on ``day``: the last successor recorded by then, else the issuer."""
        owners = [o for o in self.owners.all() if o.since <= day]
        return owners[-1].organisation if owners else self.issuer

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.issuer_id:
            self.unit_id = self.issuer.unit_id
            if self.pk is None or not self.owners.exists():
                self.owner_unit_id = self.unit_id  # the issuer owns the plan until a successor is recorded
        self.search_text = fold(" ".join([self.number, self.title]))
        super().save(*args, **kwargs)


class PlanOwner(BaseModel):
    """A successor that owns a plan from ``since`` on (the issuer owns it before the first one): the
    issuer of 154/KH-UBND, the district's committee, ended on 30/6/2025. Records are only added, in date
    order; a plan's page and its progress reports name the owner of their date."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="owners")
    organisation = models.ForeignKey("directory.Organisation", verbose_name=_("cơ quan chủ trì"),
                                     on_delete=models.PROTECT, related_name="owned_plans")
    since = models.DateField(_("chủ trì từ ngày"))
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True,
                             help_text=_("Văn bản giao nhiệm vụ, ví dụ: Nghị quyết 1656/NQ-UBTVQH15"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    role_permissions = PLAN_PERMISSIONS
    scope = through_plan("plan")

    class Meta:
        verbose_name = _("cơ quan chủ trì kế hoạch")
        verbose_name_plural = _("cơ quan chủ trì kế hoạch")
        ordering = ["plan", "since", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "since"], name="plan_owner_one_per_day")]

    def __str__(self) -> str:
        return f"{self.organisation_id and self.organisation} ({self.since:%d/%m/%Y})"

    def clean(self) -> None:
        if not (self.plan_id and self.organisation_id and self.since):
            return
        plan, org = self.plan, self.organisation
        last = plan.owners.exclude(pk=self.pk).order_by("-since").first()
        current = last.organisation if last else plan.issuer
        start = last.since if last else plan.issued_on
        if self.since <= start:
            raise ValidationError({"since": _("Ngày nhận chủ trì phải sau ngày %(d)s (%(what)s).") % {
                "d": start.strftime("%d/%m/%Y"),
                "what": _("cơ quan chủ trì trước nhận") if last else _("ngày ban hành kế hoạch")}})
        if self.since > timezone.localdate():
            raise ValidationError({"since": _("Chỉ ghi được việc chuyển giao đã có hiệu lực (đến hôm nay).")})
        if org.pk == current.pk:
            raise ValidationError({"organisation": _("%(o)s đang chủ trì kế hoạch này.") % {"o": org}})
        if not org.unit.is_valid_on(self.since):
            raise ValidationError({"organisation": _("%(o)s thuộc %(u)s, không còn hiệu lực vào ngày %(d)s.") % {
                "o": org, "u": org.unit, "d": self.since.strftime("%d/%m/%Y")}})


def _within_plan(plan: "Plan", start: date | None, end: date | None, errors: dict[str, Any]) -> None:
    if start and end and end < start:
        errors["end_date"] = _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
    elif start and plan.period_start and start < plan.period_start:
        errors["start_date"] = _("Giai đoạn phải nằm trong thời gian thực hiện của kế hoạch (%(a)s – %(b)s).") % {
            "a": plan.period_start.strftime("%d/%m/%Y"), "b": plan.period_end.strftime("%d/%m/%Y")}
    elif end and plan.period_end and end > plan.period_end:
        errors["end_date"] = _("Giai đoạn phải nằm trong thời gian thực hiện của kế hoạch (%(a)s – %(b)s).") % {
            "a": plan.period_start.strftime("%d/%m/%Y"), "b": plan.period_end.strftime("%d/%m/%Y")}


class Stage(BaseModel):
    """A named, dated stage (giai đoạn) of a plan or programme, e.g. "Giai đoạn 1: 2013–2015"."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên giai đoạn"), max_length=200)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    description = models.TextField(_("nội dung"), blank=True)

    role_permissions = PLAN_PERMISSIONS
    scope = through_plan("plan")

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["plan", "order", "start_date", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.plan_id:
            _within_plan(self.plan, self.start_date, self.end_date, errors)
        if errors:
            raise ValidationError(errors)


class BudgetLine(BaseModel):
    """The budget of a plan for one year from one funding source."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    source = models.ForeignKey(FundingSource, verbose_name=_("nguồn kinh phí"), on_delete=models.PROTECT,
                               related_name="budget_lines")
    amount = models.DecimalField(_("kinh phí (đồng)"), max_digits=15, decimal_places=0,
                                 validators=[MinValueValidator(Decimal(0))])
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    role_permissions = PLAN_PERMISSIONS
    scope = through_plan("plan")

    class Meta:
        verbose_name = _("kinh phí theo năm và nguồn")
        verbose_name_plural = _("kinh phí theo năm và nguồn")
        ordering = ["plan", "year", "source__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "year", "source"], name="budget_line_unique")]

    def __str__(self) -> str:
        return f"{self.year} · {self.source_id and self.source} · {self.amount}"

    def clean(self) -> None:
        plan = self.plan if self.plan_id else None
        if plan and self.year and not plan.period_start.year <= self.year <= plan.period_end.year:
            raise ValidationError({"year": _("Năm phải nằm trong thời gian thực hiện của kế hoạch (%(a)s–%(b)s).") % {
                "a": plan.period_start.year, "b": plan.period_end.year}})
        if plan and self.source_id and self.year and BudgetLine.objects.unscoped("one line per plan, year and source").filter(
                plan=plan, year=self.year, source_id=self.source_id).exclude(pk=self.pk).exists():
            raise ValidationError({"source": _("Kế hoạch đã có kinh phí của nguồn này cho năm %(y)s: hãy sửa dòng đó.")
                                   % {"y": self.year}})


class Workstream(BaseModel):
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="workstreams")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("tên nhóm nhiệm vụ"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)

    role_permissions = PLAN_PERMISSIONS
    scope = through_plan("plan")

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Activity(BaseModel):
    workstream = models.ForeignKey(
        Workstream, verbose_name=_("nhóm nhiệm vụ"), on_delete=models.CASCADE, related_name="activities"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("tên hoạt động"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    responsible = models.ForeignKey(
        "directory.Organisation", verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT,
        related_name="plan_activities",
    )
    coordinating = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_activities"
    )
    target_audience = models.CharField(_("đối tượng"), max_length=300, blank=True)
    start_date = models.DateField(_("ngày bắt đầu"))
    due_date = models.DateField(_("hạn hoàn thành"))
    budget = models.DecimalField(
        _("kinh phí (đồng)"), max_digits=15, decimal_places=0, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    funding_source = models.ForeignKey(FundingSource, verbose_name=_("nguồn kinh phí"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="activities")
    programmes = models.JSONField(_("chương trình liên kết"), default=list, blank=True, validators=[validate_programmes])
    weight = models.DecimalField(
        _("trọng số"), max_digits=6, decimal_places=2, default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Mức đóng góp vào tiến độ chung của nhóm nhiệm vụ và kế hoạch."),
    )
    # Denormalised from the latest progress update (by date, then id); written by services only.
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED,
        editable=False,
    )
    percent_complete = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, editable=False)
    spent = models.DecimalField(_("đã chi (đồng)"), max_digits=15, decimal_places=0, null=True, editable=False)
    last_update_on = models.DateField(_("cập nhật gần nhất"), null=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    role_permissions = PLAN_PERMISSIONS
    scope = through_plan("workstream__plan")

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["workstream__order", "order", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.due_date and self.due_date < self.start_date:
            raise ValidationError({"due_date": _("Hạn hoàn thành không được trước ngày bắt đầu.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join([self.title, self.description, self.target_audience]))
        super().save(*args, **kwargs)

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or date.today()
        return self.due_date < today and self.status != ActivityStatus.DONE

    def display_status(self, today: date | None = None) -> str:
        return OVERDUE if self.is_overdue(today) else self.status

    def get_display_status_display(self) -> Any:
        return DISPLAY_STATUS_LABELS[self.display_status()]

    def get_programmes_display(self) -> list[Any]:
        labels = dict(Programme.choices)
        return [labels[p] for p in self.programmes if p in labels]


class Target(BaseModel):
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    workstream = models.ForeignKey(
        Workstream, verbose_name=_("nhóm nhiệm vụ"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="targets",
    )
    indicator_code = models.CharField(
        _("mã chỉ tiêu"), max_length=50, blank=True, db_index=True,
        help_text=_("Mã trong danh mục chỉ tiêu (nếu có)."),
    )
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    baseline = models.DecimalField(_("giá trị cơ sở"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_value = models.DecimalField(_("giá trị mục tiêu"), max_digits=18, decimal_places=4,
                                       help_text=_("Một giá trị, hoặc cận dưới của khoảng mục tiêu (8 trong 8–13 %)."))
    target_high = models.DecimalField(_("cận trên"), max_digits=18, decimal_places=4, null=True, blank=True,
                                      help_text=_("Chỉ điền khi mục tiêu là một khoảng (13 trong 8–13 %)."))
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    role_permissions = PLAN_PERMISSIONS
    scope = through_plan("plan")

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "year", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.target_high is not None and self.target_value is not None and self.target_high < self.target_value:
            raise ValidationError({"target_high": _("Cận trên phải lớn hơn hoặc bằng giá trị mục tiêu (cận dưới).")})


class ProgressUpdate(BaseModel):
    activity = models.ForeignKey(Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("ngày báo cáo"))
    percent_complete = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("tình trạng"), max_length=20, choices=ActivityStatus.choices)
    narrative = models.TextField(_("kết quả thực hiện"), blank=True)
    spent_to_date = models.DecimalField(
        _("lũy kế đã chi (đồng)"), max_digits=15, decimal_places=0, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reporter_organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("đơn vị báo cáo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    role_permissions = {"view": ALL_ROLES, "add": REPORTER_ROLES, "change": PLAN_OWNERS, "delete": PLAN_OWNERS}
    scope = through_plan("activity__workstream__plan")

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__gte=0, percent_complete__lte=100), name="update_percent_0_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.reported_on:%d/%m/%Y} – {self.percent_complete}%"


class EvidenceFile(BaseModel):
    update = models.ForeignKey(ProgressUpdate, verbose_name=_("cập nhật tiến độ"), on_delete=models.CASCADE,
                               related_name="files")
    title = models.CharField(_("tên tài liệu"), max_length=255, blank=True)
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=255)
    kind = models.CharField(max_length=10, editable=False, default="")

    role_permissions = ProgressUpdate.role_permissions
    scope = Scope(unit="update__activity__workstream__plan__unit__path", owner="update__activity__workstream__plan__owner_unit__path", read_ancestors=True)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title or (self.file.name or "").rsplit("/", 1)[-1]

    def audit_snapshot(self) -> dict[str, Any]:
        return {**super().audit_snapshot(), "file": self.file.name or ""}


class EvidenceLink(BaseModel):
    """A link to an event, document, article or any page that evidences the progress (kept generic)."""

    update = models.ForeignKey(ProgressUpdate, verbose_name=_("cập nhật tiến độ"), on_delete=models.CASCADE,
                               related_name="links")
    title = models.CharField(_("tiêu đề"), max_length=255)
    url = models.URLField(_("đường dẫn"), max_length=500)

    role_permissions = ProgressUpdate.role_permissions
    scope = Scope(unit="update__activity__workstream__plan__unit__path", owner="update__activity__workstream__plan__owner_unit__path", read_ancestors=True)

    class Meta:
        verbose_name = _("liên kết minh chứng")
        verbose_name_plural = _("liên kết minh chứng")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title
