"""CP assessments (6 steps, 18 tasks), process steps and flows, waste-stream costs, causes, options,
monitoring series with readings, M&V analyses, and the emission-factor table."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sxsh.calc.text import fold
from sxsh.core.models import BaseModel
from sxsh.core.roles import ALL_ROLES, Role
from sxsh.core.scoping import Scope

NON_NEGATIVE = [MinValueValidator(Decimal(0))]

#: Who may do what; consultants may change only the assessments assigned to them (see selectors).
ASSESSMENT_PERMISSIONS = {
    "view": ALL_ROLES,
    "add": frozenset({Role.DISTRICT, Role.CONSULTANT}),
    "change": frozenset({Role.DISTRICT, Role.CONSULTANT}),
    "delete": frozenset({Role.DISTRICT}),
}
#: Monitoring data: the facility's representative enters it, so do the consultant and the district.
MONITORING_PERMISSIONS = {
    "view": ALL_ROLES,
    "add": frozenset({Role.DISTRICT, Role.CONSULTANT, Role.ENTERPRISE}),
    "change": frozenset({Role.DISTRICT, Role.CONSULTANT, Role.ENTERPRISE}),
    "delete": frozenset({Role.DISTRICT, Role.CONSULTANT, Role.ENTERPRISE}),
}
FACILITY_SCOPE = Scope(unit="facility__ward__path", facility="facility_id")
ASSESSMENT_CHILD_SCOPE = Scope(unit="assessment__facility__ward__path", facility="assessment__facility_id")


# --- reference data ---------------------------------------------------------------------------


class FactorKind(models.TextChoices):
    GRID = "grid", _("Lưới điện (tCO2/MWh)")
    FUEL = "fuel", _("Nhiên liệu (kg CO2/TJ)")


class Fuel(models.TextChoices):
    DIESEL = "diesel", _("Dầu diesel")
    LPG = "lpg", _("Khí hóa lỏng (LPG)")
    ANTHRACITE = "anthracite", _("Than antraxit")
    BITUMINOUS_COAL = "bituminous_coal", _("Than bitum (loại khác)")


class FactorStatus(models.TextChoices):
    OFFICIAL = "official", _("Chính thức")
    ESTIMATE = "estimate", _("Ước tính")


class EmissionFactor(BaseModel):
    """One row of the emission-factor table: a grid factor for a year, or a fuel's CO2 factor and NCV.

    Seeded from ``sxsh/calc/data/emission_factors.json``; edited in the admin; a missing year stays missing.
    ``status`` says whether the factor was announced by the authority or is an estimate (the 2024 grid
    factor, a research group's figure); every figure computed with an estimate says so.
    """

    kind = models.CharField(_("loại"), max_length=10, choices=FactorKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    fuel = models.CharField(_("nhiên liệu"), max_length=30, choices=Fuel.choices, blank=True)
    value = models.DecimalField(
        _("hệ số"), max_digits=12, decimal_places=4, validators=NON_NEGATIVE,
        help_text=_("Lưới điện: tCO2/MWh. Nhiên liệu: kg CO2/TJ."),
    )
    ncv_tj_per_gg = models.DecimalField(
        _("nhiệt trị thực (TJ/nghìn tấn)"), max_digits=8, decimal_places=3, null=True, blank=True,
        validators=NON_NEGATIVE, help_text=_("Chỉ với nhiên liệu; để trống nếu chưa xác nhận."),
    )
    status = models.CharField(_("tình trạng"), max_length=10, choices=FactorStatus.choices,
                              default=FactorStatus.OFFICIAL)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    role_permissions = {"view": ALL_ROLES, "add": frozenset(), "change": frozenset(), "delete": frozenset()}

    class Meta:
        verbose_name = _("hệ số phát thải")
        verbose_name_plural = _("hệ số phát thải")
        ordering = ["kind", "year", "fuel"]
        constraints = [
            models.UniqueConstraint(fields=["year"], condition=Q(kind="grid"), name="emission_grid_year_unique"),
            models.UniqueConstraint(fields=["fuel"], condition=Q(kind="fuel"), name="emission_fuel_unique"),
        ]

    def __str__(self) -> str:
        if self.kind == FactorKind.GRID:
            return f"{_('Lưới điện')} {self.year}: {self.value}"
        return f"{self.get_fuel_display()}: {self.value}"

    def clean(self) -> None:
        if self.kind == FactorKind.GRID and (self.year is None or self.fuel):
            raise ValidationError(_("Hệ số lưới điện cần năm và không có nhiên liệu."))
        if self.kind == FactorKind.FUEL and (not self.fuel or self.year is not None):
            raise ValidationError(_("Hệ số nhiên liệu cần chọn nhiên liệu và không có năm."))


# --- assessments -------------------------------------------------------------------------------


class AssessmentKind(models.TextChoices):
    RAPID = "rapid", _("Đánh giá nhanh")
    DETAILED = "detailed", _("Đánh giá chi tiết")


#: The 6 steps and 18 tasks (VNCPC / UNEP–UNIDO). Tasks 10–18 are modelled on the steps' content:
#: their exact wording was not found (domain notes, section 3).
STEPS: tuple[tuple[int, Any], ...] = (
    (1, _("Khởi động")),
    (2, _("Phân tích các công đoạn")),
    (3, _("Đề xuất cơ hội SXSH")),
    (4, _("Lựa chọn giải pháp")),
    (5, _("Thực hiện giải pháp")),
    (6, _("Duy trì SXSH")),
)
TASKS: tuple[tuple[int, int, Any], ...] = (
    (1, 1, _("Thành lập nhóm đánh giá SXSH")),
    (2, 1, _("Liệt kê các công đoạn sản xuất, rà soát định mức tiêu thụ")),
    (3, 1, _("Chọn công đoạn lãng phí nhất làm trọng tâm đánh giá")),
    (4, 2, _("Lập sơ đồ dây chuyền sản xuất")),
    (5, 2, _("Cân bằng vật liệu và năng lượng")),
    (6, 2, _("Tính chi phí dòng thải")),
    (7, 2, _("Phân tích nguyên nhân")),
    (8, 3, _("Đề xuất các cơ hội SXSH")),
    (9, 3, _("Sàng lọc cơ hội: thực hiện ngay / cần nghiên cứu thêm / loại bỏ")),
    (10, 4, _("Phân tích khả thi kỹ thuật")),
    (11, 4, _("Phân tích khả thi kinh tế")),
    (12, 4, _("Đánh giá tác động môi trường")),
    (13, 4, _("Lựa chọn giải pháp thực hiện")),
    (14, 5, _("Chuẩn bị kế hoạch thực hiện")),
    (15, 5, _("Thực hiện các giải pháp")),
    (16, 5, _("Quan trắc và đánh giá kết quả")),
    (17, 6, _("Duy trì SXSH trong quản lý hằng ngày")),
    (18, 6, _("Lựa chọn trọng tâm đánh giá mới")),
)
MODELLED_TASKS = frozenset(range(10, 19))


class Assessment(BaseModel):
    facility = models.ForeignKey(
        "directory.Facility", verbose_name=_("cơ sở"), on_delete=models.PROTECT, related_name="assessments"
    )
    title = models.CharField(_("tên đợt đánh giá"), max_length=255)
    kind = models.CharField(_("hình thức"), max_length=10, choices=AssessmentKind.choices,
                            default=AssessmentKind.DETAILED)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chuyên gia tư vấn"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assessments", limit_choices_to={"role": Role.CONSULTANT},
    )
    team = models.TextField(_("nhóm đánh giá"), blank=True, help_text=_("Mỗi dòng một thành viên: họ tên – chức vụ."))
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    focus_step = models.ForeignKey(
        "ProcessStep", verbose_name=_("công đoạn trọng tâm"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    current_step = models.PositiveSmallIntegerField(
        _("bước hiện tại"), default=1, choices=[(n, f"{n}. {label}") for n, label in STEPS],
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_text = models.TextField(editable=False, default="")

    role_permissions = ASSESSMENT_PERMISSIONS
    scope = FACILITY_SCOPE

    class Meta:
        verbose_name = _("đợt đánh giá SXSH")
        verbose_name_plural = _("đánh giá SXSH")
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("assessments:assessment_detail", args=[self.pk])

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu.")})

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(" ".join([self.title, self.team]))
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class AssessmentTask(BaseModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("nhiệm vụ"))
    step = models.PositiveSmallIntegerField(_("bước"))
    done = models.BooleanField(_("đã xong"), default=False)
    done_date = models.DateField(_("ngày xong"), null=True, blank=True)

    role_permissions = ASSESSMENT_PERMISSIONS
    scope = ASSESSMENT_CHILD_SCOPE

    class Meta:
        verbose_name = _("nhiệm vụ đánh giá")
        verbose_name_plural = _("nhiệm vụ đánh giá")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="assessment_task_unique")]

    def __str__(self) -> str:
        return f"T{self.number}. {self.label}"

    @property
    def label(self) -> str:
        return str({n: label for n, _s, label in TASKS}.get(self.number, ""))

    @property
    def is_modelled(self) -> bool:
        return self.number in MODELLED_TASKS


class ProcessStep(BaseModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="process_steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên công đoạn"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    consumption_norm = models.CharField(_("định mức tiêu thụ"), max_length=300, blank=True,
                                        help_text=_("Ví dụ: 0,12 kWh/lít sản phẩm."))

    role_permissions = ASSESSMENT_PERMISSIONS
    scope = ASSESSMENT_CHILD_SCOPE

    class Meta:
        verbose_name = _("công đoạn sản xuất")
        verbose_name_plural = _("công đoạn sản xuất")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class FlowDirection(models.TextChoices):
    INPUT = "input", _("Đầu vào")
    OUTPUT = "output", _("Đầu ra")


class FlowKind(models.TextChoices):
    MATERIAL = "material", _("Nguyên vật liệu")
    WATER = "water", _("Nước")
    ENERGY = "energy", _("Năng lượng")
    CHEMICAL = "chemical", _("Hóa chất")
    PRODUCT = "product", _("Sản phẩm")
    WASTE = "waste", _("Chất thải")


class FlowUnit(models.TextChoices):
    KG = "kg", "kg"
    TONNE = "t", _("tấn")
    M3 = "m3", "m³"
    LITRE = "L", _("lít")
    KWH = "kWh", "kWh"
    MJ = "MJ", "MJ"
    GJ = "GJ", "GJ"
    TOE = "toe", "TOE"
    PIECE = "piece", _("sản phẩm (chiếc, đôi…)")


#: Units a flow of each kind may use ("units that do not match the resource" are refused).
UNITS_BY_KIND: dict[str, tuple[str, ...]] = {
    FlowKind.MATERIAL: ("kg", "t"),
    FlowKind.CHEMICAL: ("kg", "t", "L"),
    FlowKind.WATER: ("m3", "L"),
    FlowKind.ENERGY: ("kWh", "MJ", "GJ", "toe"),
    FlowKind.PRODUCT: ("kg", "t", "m3", "L", "piece"),
    FlowKind.WASTE: ("kg", "t", "m3", "L"),
}
#: Tonnes per unit for the mass balance (water-like density for volumes).
TONNES_PER_UNIT = {"kg": Decimal("0.001"), "t": Decimal(1), "m3": Decimal(1), "L": Decimal("0.001")}


class Flow(BaseModel):
    process_step = models.ForeignKey(ProcessStep, verbose_name=_("công đoạn"), on_delete=models.CASCADE,
                                     related_name="flows")
    direction = models.CharField(_("chiều"), max_length=10, choices=FlowDirection.choices)
    kind = models.CharField(_("loại dòng"), max_length=10, choices=FlowKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    quantity = models.DecimalField(_("lượng"), max_digits=16, decimal_places=3, validators=NON_NEGATIVE)
    unit = models.CharField(_("đơn vị"), max_length=10, choices=FlowUnit.choices)
    cost = models.DecimalField(_("chi phí (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True,
                               validators=NON_NEGATIVE)

    role_permissions = ASSESSMENT_PERMISSIONS
    scope = Scope(unit="process_step__assessment__facility__ward__path",
                  facility="process_step__assessment__facility_id")

    class Meta:
        verbose_name = _("dòng vào/ra")
        verbose_name_plural = _("dòng vào/ra")
        ordering = ["process_step__order", "direction", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.quantity} {self.unit})"

    def clean(self) -> None:
        allowed = UNITS_BY_KIND.get(self.kind, ())
        if self.kind and self.unit and self.unit not in allowed:
            raise ValidationError({"unit": _("Đơn vị không phù hợp với loại dòng “%(kind)s”; dùng: %(units)s.") % {
                "kind": self.get_kind_display(), "units": ", ".join(allowed)}})
        if self.direction == FlowDirection.INPUT and self.kind in (FlowKind.PRODUCT, FlowKind.WASTE):
            raise ValidationError({"kind": _("Sản phẩm và chất thải là dòng đầu ra.")})

    @property
    def tonnes(self) -> Decimal | None:
        """Mass in tonnes, or None for energy and counted products (not in the mass balance)."""
        if self.kind == FlowKind.ENERGY:
            return None
        factor = TONNES_PER_UNIT.get(self.unit)
        return None if factor is None else self.quantity * factor


class WasteStreamCost(BaseModel):
    """Full cost of a waste stream per year: wasted raw material is often about ¾ of it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="waste_streams")
    process_step = models.ForeignKey(ProcessStep, verbose_name=_("công đoạn"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("dòng thải"), max_length=200)
    quantity = models.DecimalField(_("lượng/năm"), max_digits=16, decimal_places=3, validators=NON_NEGATIVE,
                                   null=True, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=10, choices=FlowUnit.choices, blank=True)
    purchase_cost = models.DecimalField(_("giá mua nguyên liệu bị thải"), max_digits=16, decimal_places=0,
                                        default=0, validators=NON_NEGATIVE)
    storage_cost = models.DecimalField(_("lưu giữ"), max_digits=16, decimal_places=0, default=0,
                                       validators=NON_NEGATIVE)
    handling_cost = models.DecimalField(_("vận chuyển, xử lý nội bộ"), max_digits=16, decimal_places=0,
                                        default=0, validators=NON_NEGATIVE)
    labour_cost = models.DecimalField(_("nhân công"), max_digits=16, decimal_places=0, default=0,
                                      validators=NON_NEGATIVE)
    treatment_cost = models.DecimalField(_("xử lý"), max_digits=16, decimal_places=0, default=0,
                                         validators=NON_NEGATIVE)
    disposal_cost = models.DecimalField(_("thải bỏ"), max_digits=16, decimal_places=0, default=0,
                                        validators=NON_NEGATIVE)

    role_permissions = ASSESSMENT_PERMISSIONS
    scope = ASSESSMENT_CHILD_SCOPE

    class Meta:
        verbose_name = _("chi phí dòng thải")
        verbose_name_plural = _("chi phí dòng thải")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_cost(self) -> Decimal:
        return (self.purchase_cost + self.storage_cost + self.handling_cost + self.labour_cost
                + self.treatment_cost + self.disposal_cost)


class CauseAnalysis(BaseModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="causes")
    process_step = models.ForeignKey(ProcessStep, verbose_name=_("công đoạn"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    waste_stream = models.ForeignKey(WasteStreamCost, verbose_name=_("dòng thải"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="causes")
    problem = models.CharField(_("vấn đề / dòng thải"), max_length=300)
    cause = models.TextField(_("nguyên nhân"))

    role_permissions = ASSESSMENT_PERMISSIONS
    scope = ASSESSMENT_CHILD_SCOPE

    class Meta:
        verbose_name = _("phân tích nguyên nhân")
        verbose_name_plural = _("phân tích nguyên nhân")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.problem


# --- options -----------------------------------------------------------------------------------


class OptionCategory(models.TextChoices):
    """The 8 UNEP categories of CP options."""

    GH = "GH", _("Quản lý nội vi")
    IM = "IM", _("Thay đổi nguyên liệu")
    PC = "PC", _("Kiểm soát quá trình tốt hơn")
    EM = "EM", _("Cải tiến thiết bị")
    TC = "TC", _("Thay đổi công nghệ")
    RR = "RR", _("Tuần hoàn, tái sử dụng tại chỗ")
    BP = "BP", _("Sản xuất sản phẩm phụ hữu ích")
    PM = "PM", _("Cải tiến sản phẩm")


class Screening(models.TextChoices):
    DIRECT = "direct", _("Thực hiện ngay")
    STUDY = "study", _("Cần nghiên cứu thêm")
    REJECTED = "rejected", _("Loại bỏ")


class OptionStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    IMPLEMENTED = "implemented", _("Đã thực hiện")


class Option(BaseModel):
    assessment = models.ForeignKey(Assessment, verbose_name=_("đánh giá SXSH"), on_delete=models.CASCADE,
                                   related_name="options")
    title = models.CharField(_("giải pháp"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    category = models.CharField(_("nhóm giải pháp (UNEP)"), max_length=2, choices=OptionCategory.choices)
    process_step = models.ForeignKey(ProcessStep, verbose_name=_("công đoạn"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="options")
    screening = models.CharField(_("kết quả sàng lọc"), max_length=10, choices=Screening.choices,
                                 default=Screening.STUDY)
    rejection_reason = models.CharField(_("lý do loại bỏ"), max_length=500, blank=True)
    investment = models.DecimalField(_("vốn đầu tư (đồng)"), max_digits=16, decimal_places=0, default=0,
                                     validators=NON_NEGATIVE)
    saving_kwh = models.DecimalField(_("tiết kiệm điện (kWh/năm)"), max_digits=14, decimal_places=1, default=0,
                                     validators=NON_NEGATIVE)
    fuel = models.CharField(_("loại nhiên liệu"), max_length=30, choices=Fuel.choices, blank=True)
    saving_fuel_t = models.DecimalField(_("tiết kiệm nhiên liệu (tấn/năm)"), max_digits=12, decimal_places=3,
                                        default=0, validators=NON_NEGATIVE)
    saving_water_m3 = models.DecimalField(_("tiết kiệm nước (m³/năm)"), max_digits=14, decimal_places=1, default=0,
                                          validators=NON_NEGATIVE)
    saving_material_t = models.DecimalField(_("tiết kiệm nguyên liệu (tấn/năm)"), max_digits=12, decimal_places=3,
                                            default=0, validators=NON_NEGATIVE)
    saving_vnd = models.DecimalField(_("lợi ích (đồng/năm)"), max_digits=16, decimal_places=0, default=0,
                                     validators=NON_NEGATIVE,
                                     help_text=_("Giá trị bằng tiền của mọi khoản tiết kiệm trong một năm."))
    opex_change = models.DecimalField(_("thay đổi chi phí vận hành (đồng/năm)"), max_digits=16, decimal_places=0,
                                      default=0, help_text=_("Tăng ghi số dương, giảm ghi số âm."))
    lifetime_years = models.PositiveSmallIntegerField(_("tuổi thọ (năm)"), default=5,
                                                      validators=[MinValueValidator(1), MaxValueValidator(50)])
    discount_rate = models.DecimalField(_("lãi suất chiết khấu (%)"), max_digits=5, decimal_places=2,
                                        default=Decimal("10"),
                                        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))])
    cod_reduction_kg = models.DecimalField(_("giảm COD (kg/năm)"), max_digits=12, decimal_places=1, default=0,
                                           validators=NON_NEGATIVE)
    bod_reduction_kg = models.DecimalField(_("giảm BOD (kg/năm)"), max_digits=12, decimal_places=1, default=0,
                                           validators=NON_NEGATIVE)
    tss_reduction_kg = models.DecimalField(_("giảm TSS (kg/năm)"), max_digits=12, decimal_places=1, default=0,
                                           validators=NON_NEGATIVE)
    status = models.CharField(_("trạng thái"), max_length=12, choices=OptionStatus.choices,
                              default=OptionStatus.PLANNED, editable=False)
    implemented_date = models.DateField(_("ngày thực hiện"), null=True, blank=True, editable=False)
    actual_investment = models.DecimalField(_("vốn đầu tư thực tế (đồng)"), max_digits=16, decimal_places=0,
                                            null=True, blank=True, editable=False, validators=NON_NEGATIVE)

    role_permissions = ASSESSMENT_PERMISSIONS
    scope = ASSESSMENT_CHILD_SCOPE

    class Meta:
        verbose_name = _("giải pháp SXSH")
        verbose_name_plural = _("giải pháp SXSH")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.screening == Screening.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("Ghi lý do khi loại bỏ giải pháp.")})
        if self.saving_fuel_t and not self.fuel:
            raise ValidationError({"fuel": _("Chọn loại nhiên liệu tiết kiệm được.")})

    @property
    def net_annual_saving(self) -> Decimal:
        return self.saving_vnd - self.opex_change


# --- monitoring --------------------------------------------------------------------------------


class Resource(models.TextChoices):
    ELECTRICITY = "electricity", _("Điện")
    DIESEL = "diesel", _("Dầu diesel")
    LPG = "lpg", _("Khí hóa lỏng (LPG)")
    ANTHRACITE = "anthracite", _("Than antraxit")
    BITUMINOUS_COAL = "bituminous_coal", _("Than bitum")
    WATER = "water", _("Nước")
    MATERIAL = "material", _("Nguyên vật liệu")
    PRODUCTION = "production", _("Sản lượng")
    OTHER_DRIVER = "driver", _("Biến tác động khác")


#: The unit of each resource (a series' unit must match its resource).
RESOURCE_UNITS: dict[str, tuple[str, ...]] = {
    Resource.ELECTRICITY: ("kWh",),
    Resource.DIESEL: ("t",),
    Resource.LPG: ("t",),
    Resource.ANTHRACITE: ("t",),
    Resource.BITUMINOUS_COAL: ("t",),
    Resource.WATER: ("m3",),
    Resource.MATERIAL: ("t",),
}
FUEL_RESOURCES = frozenset({Resource.DIESEL, Resource.LPG, Resource.ANTHRACITE, Resource.BITUMINOUS_COAL})
DRIVER_RESOURCES = frozenset({Resource.PRODUCTION, Resource.OTHER_DRIVER})


class MonitoringSeries(BaseModel):
    """A monthly series of one facility: a resource used, or a driver such as production output."""

    facility = models.ForeignKey("directory.Facility", verbose_name=_("cơ sở"), on_delete=models.CASCADE,
                                 related_name="monitoring_series")
    name = models.CharField(_("tên chuỗi số liệu"), max_length=120,
                            help_text=_("Dùng làm tiêu đề cột khi nhập từ tệp, ví dụ: Điện năng."))
    resource = models.CharField(_("loại"), max_length=20, choices=Resource.choices)
    unit = models.CharField(_("đơn vị"), max_length=30)
    unit_price = models.DecimalField(_("đơn giá (đồng/đơn vị)"), max_digits=14, decimal_places=2, null=True,
                                     blank=True, validators=NON_NEGATIVE)

    role_permissions = MONITORING_PERMISSIONS
    scope = FACILITY_SCOPE

    class Meta:
        verbose_name = _("chuỗi số liệu giám sát")
        verbose_name_plural = _("chuỗi số liệu giám sát")
        ordering = ["facility", "pk"]
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="monitoring_series_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def clean(self) -> None:
        allowed = RESOURCE_UNITS.get(self.resource)
        if allowed and self.unit not in allowed:
            raise ValidationError({"unit": _("Đơn vị của “%(r)s” phải là: %(u)s.") % {
                "r": self.get_resource_display(), "u": ", ".join(allowed)}})

    @property
    def is_driver(self) -> bool:
        return self.resource in DRIVER_RESOURCES


class Reading(BaseModel):
    series = models.ForeignKey(MonitoringSeries, on_delete=models.CASCADE, related_name="readings")
    period = models.DateField(_("kỳ (tháng)"), help_text=_("Ngày đầu tháng."))
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=3, validators=NON_NEGATIVE)

    role_permissions = MONITORING_PERMISSIONS
    scope = Scope(unit="series__facility__ward__path", facility="series__facility_id")

    class Meta:
        verbose_name = _("số liệu kỳ")
        verbose_name_plural = _("số liệu kỳ")
        ordering = ["series", "period"]
        constraints = [models.UniqueConstraint(fields=["series", "period"], name="reading_period_unique")]

    def __str__(self) -> str:
        return f"{self.series.name} {self.period:%m/%Y}: {self.value}"


class MVAnalysis(BaseModel):
    """A baseline period and a reporting period for one resource series regressed on drivers."""

    facility = models.ForeignKey("directory.Facility", verbose_name=_("cơ sở"), on_delete=models.CASCADE,
                                 related_name="mv_analyses")
    name = models.CharField(_("tên"), max_length=200)
    target = models.ForeignKey(MonitoringSeries, verbose_name=_("chuỗi tiêu thụ"), on_delete=models.CASCADE,
                               related_name="+")
    drivers = models.ManyToManyField(MonitoringSeries, verbose_name=_("biến tác động"), related_name="+")
    baseline_start = models.DateField(_("kỳ cơ sở từ tháng"))
    baseline_end = models.DateField(_("kỳ cơ sở đến tháng"))
    reporting_start = models.DateField(_("kỳ báo cáo từ tháng"))
    reporting_end = models.DateField(_("kỳ báo cáo đến tháng"))

    role_permissions = MONITORING_PERMISSIONS
    scope = FACILITY_SCOPE

    class Meta:
        verbose_name = _("phân tích đo lường và kiểm chứng")
        verbose_name_plural = _("phân tích đo lường và kiểm chứng")
        ordering = ["facility", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.baseline_start and self.baseline_end and self.baseline_end < self.baseline_start:
            errors["baseline_end"] = _("Tháng kết thúc phải sau tháng bắt đầu.")
        if self.reporting_start and self.reporting_end and self.reporting_end < self.reporting_start:
            errors["reporting_end"] = _("Tháng kết thúc phải sau tháng bắt đầu.")
        if (self.baseline_end and self.reporting_start and self.reporting_start <= self.baseline_end
                and "baseline_end" not in errors):
            errors["reporting_start"] = _("Kỳ báo cáo phải bắt đầu sau kỳ cơ sở.")
        if errors:
            raise ValidationError(errors)
