"""Administrative units, organisations, sectors, facilities and their CP status history."""

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sxsh.calc import taxcode
from sxsh.calc.text import fold
from sxsh.core.models import BaseModel
from sxsh.core.roles import ALL_ROLES, Role
from sxsh.core.scoping import THROUGH_RELATION, Scope, ScopedManager, ScopedQuerySet

STAFF = frozenset({Role.DISTRICT, Role.WARD, Role.DOIT})


class UnitLevel(models.TextChoices):
    """The tier of a unit. Districts are historical: they were abolished on 1/7/2025."""

    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class UnitKind(BaseModel):
    """The kind of a unit as data ("phường", "xã", "quận", "thành phố trực thuộc trung ương"…), so wording
    comes from it: ``title`` is the word written before a unit's name ("thành phố" Hà Nội)."""

    code = models.SlugField(_("mã loại"), max_length=40, unique=True)
    name = models.CharField(_("tên loại đơn vị"), max_length=100)
    title = models.CharField(_("từ đứng trước tên"), max_length=60)
    level = models.CharField(_("cấp"), max_length=20, choices=UnitLevel.choices)

    role_permissions = {"view": ALL_ROLES, "add": frozenset(), "change": frozenset(), "delete": frozenset()}
    scope = Scope(public=Q(pk__isnull=False))

    class Meta:
        verbose_name = _("loại đơn vị hành chính")
        verbose_name_plural = _("loại đơn vị hành chính")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class UnitManager(ScopedManager):
    """Units always come with their kind (their names are written with it)."""

    def get_queryset(self) -> "ScopedQuerySet[AdministrativeUnit]":
        return super().get_queryset().select_related("kind")


class ThroughRelationUnitManager(UnitManager):
    """The base manager: a unit reached through a foreign key (``user.unit``, ``facility.ward``) is
    scoped by the object already read."""

    def get_queryset(self) -> "ScopedQuerySet[AdministrativeUnit]":
        queryset = super().get_queryset()
        queryset._scope_reason = THROUGH_RELATION
        return queryset


class AdministrativeUnit(BaseModel):
    """A province, (historical) district or commune-level unit, valid from ``valid_from`` to ``valid_to``.

    ``code`` is the unit's part of ``path``, the materialised chain used for subtree queries (saving a
    unit recomputes the paths of its whole subtree); ``official_code`` is the state's code (Decision
    124/2004/QĐ-TTg before 1/7/2025, Decision 19/2025/QĐ-TTg after; empty where not confirmed).
    Units are never deleted nor renamed in place: a reorganisation closes them (``valid_to``) and opens
    their targets; ``successor`` is the unit a whole unit went into.
    """

    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=20, choices=UnitLevel.choices)
    kind = models.ForeignKey(UnitKind, verbose_name=_("loại đơn vị"), on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(_("mã đường dẫn"), max_length=40)
    official_code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("đơn vị kế thừa"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="predecessors",
    )

    objects: ClassVar[UnitManager] = UnitManager()  # type: ignore[assignment]
    through_relation: ClassVar[ThroughRelationUnitManager] = ThroughRelationUnitManager()
    role_permissions = {"view": ALL_ROLES, "add": frozenset(), "change": frozenset(), "delete": frozenset()}
    scope = Scope(unit="path")

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        base_manager_name = "through_relation"
        constraints = [
            models.UniqueConstraint(fields=["parent", "code"], name="unit_code_unique_in_parent"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True)
                                   | Q(valid_to__gte=models.F("valid_from")), name="unit_validity_ordered"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """The kind's word and the name: "Phường Hoàn Kiếm", "Thành phố Hà Nội"."""
        title = self.kind.title
        return f"{title[:1].upper()}{title[1:]} {self.name}"

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực (%(end)s) ở trước ngày bắt đầu hiệu lực (%(start)s).")
                                   % {"end": f"{self.valid_to:%d/%m/%Y}", "start": f"{self.valid_from:%d/%m/%Y}"}})
        if self.kind_id and self.kind.level != self.level:
            raise ValidationError({"kind": _("Loại đơn vị “%(kind)s” không thuộc cấp đã chọn.") % {"kind": self.kind}})

    def save(self, *args: object, **kwargs: object) -> None:
        """Save the unit; when its path changes, every descendant's path follows in the same transaction."""
        from django.db import transaction
        from django.db.models.functions import Concat, Substr

        old_path = self.path
        self.path = (self.parent.path if self.parent else "/") + self.code + "/"
        with transaction.atomic():
            super().save(*args, **kwargs)  # type: ignore[arg-type]
            if old_path and old_path != self.path:
                AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1)))

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @classmethod
    def valid_on(cls, day: date) -> "models.QuerySet[AdministrativeUnit]":
        return cls.objects.unscoped("validity filter: callers intersect it with the units of the user").filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )



class OrganisationKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    ECONOMIC_DIVISION = "economic_division", _("Phòng Kinh tế")
    DOIT = "doit", _("Sở Công Thương")
    DEPARTMENT = "department", _("Sở, ngành khác")
    MANAGEMENT_BOARD = "management_board", _("Ban quản lý")
    CENTRE = "centre", _("Trung tâm khuyến công / tư vấn")
    ASSOCIATION = "association", _("Hội, hiệp hội")
    CONSULTANCY = "consultancy", _("Đơn vị tư vấn")
    OTHER = "other", _("Khác")


class Organisation(BaseModel):
    name = models.CharField(_("tên tổ chức"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=OrganisationKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="organisations"
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    search_text = models.TextField(editable=False, default="")

    role_permissions = {
        "view": STAFF,
        "add": frozenset({Role.DISTRICT, Role.DOIT}),
        "change": frozenset({Role.DISTRICT, Role.DOIT}),
        "delete": frozenset(),
    }
    scope = Scope(unit="unit__path")

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(" ".join([self.name, self.short_name, self.address]))
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class KeySector(models.TextChoices):
    """The plan's key sector groups (Kế hoạch 154/KH-UBND)."""

    MECHANICAL = "mechanical", _("Cơ khí")
    ELECTRONICS = "electronics", _("Điện tử")
    CONSTRUCTION_MATERIALS = "construction_materials", _("Vật liệu xây dựng")
    TEXTILE_FOOTWEAR = "textile_footwear", _("Dệt may, da giày")
    BEVERAGES = "beverages", _("Đồ uống")
    FOOD = "food", _("Thực phẩm")


class Sector(BaseModel):
    """A VSIC 2018 section or division (Decision 27/2018/QĐ-TTg)."""

    code = models.CharField(_("mã VSIC"), max_length=10, unique=True)
    name = models.CharField(_("tên ngành"), max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name=_("ngành cấp trên"), null=True, blank=True, on_delete=models.PROTECT
    )
    key_group = models.CharField(_("nhóm ngành trọng điểm"), max_length=30, choices=KeySector.choices, blank=True)

    role_permissions = {"view": ALL_ROLES, "add": frozenset(), "change": frozenset(), "delete": frozenset()}

    class Meta:
        verbose_name = _("ngành kinh tế (VSIC)")
        verbose_name_plural = _("ngành kinh tế (VSIC)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class FacilitySize(models.TextChoices):
    MICRO = "micro", _("Siêu nhỏ")
    SMALL = "small", _("Nhỏ")
    MEDIUM = "medium", _("Vừa")
    LARGE = "large", _("Lớn")


class CPStatus(models.TextChoices):
    UNAWARE = "unaware", _("Chưa biết về SXSH")
    AWARE = "aware", _("Đã nhận thức")
    COMMITTED = "committed", _("Đã cam kết")
    APPLYING = "applying", _("Đang áp dụng")
    SUSTAINING = "sustaining", _("Duy trì")


def validate_tax_code(value: str) -> None:
    if not taxcode.is_valid(value):
        raise ValidationError(
            _("Mã số thuế không hợp lệ: cần 10 chữ số với số kiểm tra đúng (có thể thêm -NNN cho chi nhánh) "
              "hoặc 12 chữ số định danh cá nhân."),
            code="invalid_tax_code",
        )


class Facility(BaseModel):
    """An industrial production facility (cơ sở sản xuất công nghiệp)."""

    name = models.CharField(_("tên cơ sở"), max_length=255)
    tax_code = models.CharField(_("mã số thuế"), max_length=20, unique=True, validators=[validate_tax_code])
    address = models.CharField(_("địa chỉ"), max_length=255)
    ward = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="facilities",
        limit_choices_to={"level": UnitLevel.COMMUNE},
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("ngành (VSIC)"), on_delete=models.PROTECT, limit_choices_to={"parent__isnull": False}
    )
    supporting_industry = models.BooleanField(_("sản xuất sản phẩm công nghiệp hỗ trợ"), default=False)
    size = models.CharField(_("quy mô"), max_length=10, choices=FacilitySize.choices, default=FacilitySize.SMALL)
    employees = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=30, blank=True)
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    cp_status = models.CharField(
        _("tình trạng SXSH"), max_length=20, choices=CPStatus.choices, default=CPStatus.UNAWARE, editable=False
    )
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_text = models.TextField(editable=False, default="")

    role_permissions = {
        "view": ALL_ROLES,
        "add": frozenset({Role.DISTRICT, Role.WARD}),
        "change": frozenset({Role.DISTRICT, Role.WARD, Role.ENTERPRISE}),
        "delete": frozenset({Role.DISTRICT}),
    }
    scope = Scope(unit="ward__path", facility="pk")

    class Meta:
        verbose_name = _("cơ sở sản xuất")
        verbose_name_plural = _("cơ sở sản xuất")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["cp_status"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.derive_fields()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def derive_fields(self) -> None:
        """Normalised tax code and folded search text (``save`` calls it; bulk writers must too)."""
        self.tax_code = taxcode.normalise(self.tax_code)
        self.search_text = fold(" ".join([self.name, self.tax_code, self.address, self.contact_name]))

    @property
    def key_group(self) -> str:
        """The plan's key-sector group, derived from the VSIC sector (empty when not a key sector)."""
        return self.sector.key_group

    @property
    def is_key_sector(self) -> bool:
        return bool(self.key_group)

    def get_key_group_display(self) -> str:
        return str(KeySector(self.key_group).label) if self.key_group else ""


class CPStatusChange(BaseModel):
    """One dated step in a facility's cleaner-production status history."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(_("tình trạng"), max_length=20, choices=CPStatus.choices)
    effective_date = models.DateField(_("ngày"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    role_permissions = Facility.role_permissions
    scope = Scope(unit="facility__ward__path", facility="facility_id")

    class Meta:
        verbose_name = _("thay đổi tình trạng SXSH")
        verbose_name_plural = _("lịch sử tình trạng SXSH")
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.facility} – {self.get_status_display()} ({self.effective_date:%d/%m/%Y})"


class FacilityWard(BaseModel):
    """One dated step of a facility's ward history; ``Facility.ward`` is the current step's ward.

    A facility without steps has always been in ``Facility.ward``. A reorganisation writes the steps:
    the old ward up to the day before, the new ward from that day; a facility of a split ward gets only
    the closing step until an officer places it (then it is "unplaced" in between).
    """

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="ward_history")
    ward = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị cấp xã"), on_delete=models.PROTECT,
                             related_name="+")
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    reorganisation = models.ForeignKey("Reorganisation", verbose_name=_("theo đợt sắp xếp"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")

    role_permissions = Facility.role_permissions
    scope = Scope(unit="facility__ward__path", facility="facility_id")

    class Meta:
        verbose_name = _("địa bàn của cơ sở theo thời gian")
        verbose_name_plural = _("lịch sử địa bàn của cơ sở")
        ordering = ["facility", models.F("valid_from").asc(nulls_first=True)]  # the open-ended first step first
        indexes = [models.Index(fields=["facility", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.facility} – {self.ward}"


class Reorganisation(BaseModel):
    """A recorded merge/split of units on a date, with its legal basis; applied once, by a service."""

    name = models.CharField(_("tên đợt sắp xếp"), max_length=255)
    effective_date = models.DateField(_("có hiệu lực từ"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    sources_note = models.TextField(_("nguồn tư liệu"), blank=True)
    abolished = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("đơn vị bị bãi bỏ"), blank=True, related_name="+",
        help_text=_("Đơn vị chấm dứt hoạt động mà không có một đơn vị kế thừa (ví dụ cấp huyện từ 01/7/2025)."),
    )
    applied_at = models.DateTimeField(_("áp dụng lúc"), null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người áp dụng"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    role_permissions = {"view": ALL_ROLES, "add": frozenset(), "change": frozenset(), "delete": frozenset()}

    class Meta:
        verbose_name = _("đợt sắp xếp đơn vị hành chính")
        verbose_name_plural = _("các đợt sắp xếp đơn vị hành chính")
        ordering = ["-effective_date", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_basis})"


class ReorganisationPart(BaseModel):
    """Source → target within a reorganisation: the whole source, or a part of it (a split)."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="parts")
    source = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT,
                               related_name="reorganised_into")
    target = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị mới"), on_delete=models.PROTECT,
                               related_name="reorganised_from")
    whole = models.BooleanField(_("toàn bộ"), default=True)

    role_permissions = Reorganisation.role_permissions

    class Meta:
        verbose_name = _("phần của đợt sắp xếp")
        verbose_name_plural = _("các phần của đợt sắp xếp")
        ordering = ["reorganisation", "source__path", "target__path"]
        constraints = [models.UniqueConstraint(fields=["reorganisation", "source", "target"],
                                               name="reorganisation_part_unique")]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"
