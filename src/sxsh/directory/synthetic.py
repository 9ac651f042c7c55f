"""Deterministic synthetic data at city or country scale (for benchmarks and load tests).

``generate(config)`` builds, under the reference province (Hà Nội), ``units`` synthetic districts,
each with 10–20 wards, then ``facilities`` facilities spread unevenly over the wards, with valid tax
codes, VSIC sectors from the reference data and a CP status history. Everything is written with
``bulk_create`` in batches, so the materialised ``path`` of each unit and the folded ``search_text``
of each facility are set here (``save()`` is not called).

Other apps extend the dataset through an optional ``sxsh.<app>.synthetic`` module exposing
``generate(context: SyntheticContext) -> dict[str, int]`` (counts of created rows by kind), called in
:data:`APP_ORDER` after the directory level, and optionally ``flush(district_paths)`` to remove its rows
that would block deleting the synthetic districts or facilities.

The same seed and parameters give the same rows (primary keys and timestamps aside).
"""

import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import import_module
from itertools import islice
from typing import Any, TypeVar

from django.db import models, transaction

from sxsh.calc import taxcode
from sxsh.calc.text import fold, slugify_vi

BATCH = 2000
#: Tax codes of synthetic facilities start with this prefix (demo data uses 0101…, test factories 0108…).
TAX_PREFIX = "09"
DISTRICT_CODE_PREFIX = "th-"
APP_ORDER = ("plans", "outreach", "events", "assessments", "indicators")

DISTRICT_WORDS = (
    "Đông Hòa", "Tây Sơn", "Nam Thành", "Bắc Hà", "Trung Hưng", "An Phú", "Bình Minh", "Cẩm Giang", "Đức Xuân",
    "Gia Lộc", "Hòa Bình", "Hưng Long", "Kim Sơn", "Long Biên Mới", "Minh Khai", "Ngọc Lâm", "Phú Lương",
    "Quang Trung", "Sơn Đồng", "Tân Lập", "Thạch Bàn", "Thanh Xuân Mới", "Thường Tín", "Tiên Du", "Văn Giang",
    "Vĩnh Tuy", "Xuân Đỉnh", "Yên Hòa", "Lạc Long", "Hồng Hà",
)
WARD_WORDS = (
    "Phúc Xá", "Trúc Bạch", "Vĩnh Phúc", "Cống Vị", "Liễu Giai", "Ngọc Hà", "Điện Biên", "Đội Cấn", "Kim Mã",
    "Giảng Võ", "Thành Công", "Quán Thánh", "Nguyễn Trung Trực", "Văn Chương", "Hàng Bột", "Láng Thượng",
    "Khâm Thiên", "Thổ Quan", "Nam Đồng", "Trung Phụng", "Quang Trung", "Trung Liệt", "Phương Liên",
    "Thịnh Quang", "Trung Tự", "Kim Liên", "Phương Mai", "Ngã Tư Sở", "Khương Thượng", "Bạch Đằng",
    "Đồng Nhân", "Phố Huế", "Lê Đại Hành", "Thanh Lương", "Thanh Nhàn", "Cầu Dền", "Bách Khoa", "Quỳnh Lôi",
)
PRODUCTS = {
    "C10": ("Thực phẩm", "Bánh kẹo", "Chế biến nông sản"), "C11": ("Đồ uống", "Bia", "Nước giải khát"),
    "C13": ("Dệt",), "C14": ("May mặc", "Thời trang"), "C15": ("Da giày", "Túi xách"),
    "C16": ("Đồ gỗ",), "C17": ("Bao bì giấy",), "C18": ("In ấn",), "C20": ("Hóa chất", "Sơn"),
    "C22": ("Nhựa", "Cao su"), "C23": ("Vật liệu xây dựng", "Gạch men"), "C24": ("Luyện kim",),
    "C25": ("Cơ khí", "Kết cấu thép"), "C26": ("Điện tử", "Linh kiện"), "C27": ("Thiết bị điện", "Dây cáp"),
    "C28": ("Máy móc",), "C29": ("Ô tô",), "C30": ("Phụ tùng xe",), "C31": ("Nội thất",),
    "C32": ("Mỹ nghệ", "Trang sức"), "C33": ("Sửa chữa máy",),
}
#: Sector weights: a manufacturing mix typical of an urban district (food, garments, mechanics first).
SECTOR_WEIGHTS = {
    "C10": 14, "C11": 5, "C13": 4, "C14": 12, "C15": 4, "C16": 4, "C17": 3, "C18": 6, "C20": 2, "C22": 5,
    "C23": 6, "C24": 1, "C25": 12, "C26": 4, "C27": 3, "C28": 3, "C29": 1, "C30": 1, "C31": 4, "C32": 5,
    "C33": 1,
}
FORMS = ("Công ty TNHH", "Công ty cổ phần", "Cơ sở", "Hợp tác xã", "Doanh nghiệp tư nhân")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương",
         "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Yến")
STREETS = ("Lê Lợi", "Trần Phú", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Điện Biên Phủ", "Hùng Vương",
           "Quang Trung", "Bà Triệu", "Phan Đình Phùng", "Nguyễn Trãi", "Giải Phóng", "Láng Hạ", "Kim Mã")
SIZES = (("micro", 30), ("small", 45), ("medium", 18), ("large", 7))
STATUS_LADDER = ("unaware", "aware", "committed", "applying", "sustaining")
#: How far up the ladder facilities have gone by the end of the period (index into STATUS_LADDER).
LEVELS = (("0", 30), ("1", 30), ("2", 15), ("3", 18), ("4", 7))

_T = TypeVar("_T")


@dataclass(frozen=True)
class SyntheticConfig:
    units: int = 3  # districts
    facilities: int = 1000
    years: int = 2  # years of monthly series, ending with ``end_year``
    seed: int = 154
    end_year: int = 2024


@dataclass
class SyntheticContext:
    """What the directory level created, handed to each app's ``synthetic.generate``."""

    config: SyntheticConfig
    rng: random.Random
    province_id: int
    district_ids: list[int]
    ward_ids: list[int]
    facility_ids: list[int]  # in creation order
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def app_rng(self, app: str) -> random.Random:
        """An independent, reproducible random stream per app (adding an app does not shift others)."""
        return random.Random(f"{self.config.seed}:{app}")

    @property
    def first_year(self) -> int:
        return self.config.end_year - self.config.years + 1


def batched(items: Iterable[_T], size: int = BATCH) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def bulk_insert(model: type[models.Model], objects: Iterable[Any], size: int = BATCH) -> int:
    """bulk_create in batches (an iterator is consumed lazily, so memory stays bounded)."""
    total = 0
    for chunk in batched(objects, size):
        model._default_manager.bulk_create(chunk, batch_size=size)
        total += len(chunk)
    return total


def tax_codes(start: int = 0) -> Iterator[str]:
    """Valid, unique 10-digit tax codes ``09xxxxxxxC`` (serials without a check digit are skipped)."""
    serial = start
    while serial < 10_000_000:
        code = taxcode.with_check_digit(f"{TAX_PREFIX}{serial:07d}")
        serial += 1
        if code is not None:
            yield code


def existing_districts() -> models.QuerySet[Any]:
    from sxsh.directory.models import AdministrativeUnit, UnitLevel

    return AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT, code__startswith=DISTRICT_CODE_PREFIX)


def generate(config: SyntheticConfig, progress: Callable[[str], None] | None = None) -> SyntheticContext:
    """Create the whole synthetic dataset; refuses when synthetic districts already exist."""
    from sxsh.directory.demo import load_reference

    say = progress or (lambda message: None)
    if existing_districts().exists():
        raise ValueError("synthetic data already present (run with --flush to replace it)")
    load_reference()
    rng = random.Random(config.seed)
    started = time.perf_counter()
    with transaction.atomic():
        context = _directory(config, rng)
    context.timings["directory"] = time.perf_counter() - started
    say(f"directory: {context.counts} in {context.timings['directory']:.1f}s")
    for app in APP_ORDER:
        module = _app_module(app)
        if module is None:
            continue
        started = time.perf_counter()
        with transaction.atomic():
            counts = module.generate(context)
        context.timings[app] = time.perf_counter() - started
        context.counts.update(counts)
        say(f"{app}: {counts} in {context.timings[app]:.1f}s")
    return context


def _app_module(app: str) -> Any:
    try:
        return import_module(f"sxsh.{app}.synthetic")
    except ModuleNotFoundError as exc:
        if exc.name != f"sxsh.{app}.synthetic":
            raise
        return None


def _delete_with_protected(queryset: models.QuerySet[Any], depth: int = 0) -> None:
    """Delete ``queryset`` and, first, the rows of any app that protect it (synthetic data only)."""
    if depth > 6:
        raise RuntimeError("protected relations nest too deeply")
    for relation in queryset.model._meta.related_objects:
        if relation.on_delete is models.PROTECT and relation.field.concrete:
            dependents = relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": queryset})
            if dependents.exists():
                _delete_with_protected(dependents, depth + 1)
    queryset.delete()


def flush() -> int:
    """Delete the synthetic districts and everything under them, including the rows of any app that refer
    to them through protected foreign keys (synthetic assessments, articles, events, bench users)."""
    from sxsh.directory.models import AdministrativeUnit, Facility

    districts = list(existing_districts())
    if not districts:
        return 0
    with transaction.atomic():
        paths = [d.path for d in districts]
        for app in reversed(APP_ORDER):  # app data that protects units or facilities goes first
            module = _app_module(app)
            if module is not None and hasattr(module, "flush"):
                module.flush(paths)
        query = models.Q()
        for path in paths:
            query |= models.Q(ward__path__startswith=path)
        facilities = Facility.objects.filter(query)
        count = facilities.count()
        _delete_with_protected(facilities)
        for path in paths:
            _delete_with_protected(AdministrativeUnit.objects.filter(path__startswith=path).exclude(path=path))
        _delete_with_protected(AdministrativeUnit.objects.filter(pk__in=[d.pk for d in districts]))
    return count


def _weighted(rng: random.Random, pairs: dict[str, int] | tuple[tuple[str, int], ...], k: int) -> list[str]:
    items = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
    return rng.choices([v for v, _ in items], [w for _, w in items], k=k)


def _directory(config: SyntheticConfig, rng: random.Random) -> SyntheticContext:
    from sxsh.directory.models import AdministrativeUnit, CPStatusChange, Facility, Sector, UnitKind, UnitLevel

    quan, phuong = UnitKind.objects.get(code="quan"), UnitKind.objects.get(code="phuong")
    province = AdministrativeUnit.objects.get(parent=None, code="ha-noi")
    valid_from = date(2008, 8, 1)

    districts = []
    for i in range(config.units):
        name = f"{DISTRICT_WORDS[i % len(DISTRICT_WORDS)]}" + (f" {i // len(DISTRICT_WORDS) + 1}"
                                                                   if i >= len(DISTRICT_WORDS) else "")
        code = f"{DISTRICT_CODE_PREFIX}{i + 1:03d}"
        districts.append(AdministrativeUnit(
            name=name, level=UnitLevel.DISTRICT, kind=quan, code=code, parent=province, path=f"{province.path}{code}/",
            valid_from=valid_from,
        ))
    bulk_insert(AdministrativeUnit, districts)
    districts = list(existing_districts().order_by("path"))

    wards = []
    for district in districts:
        names = rng.sample(WARD_WORDS, rng.randint(10, 20))
        for name in names:
            code = slugify_vi(name)
            wards.append(AdministrativeUnit(
                name=name, level=UnitLevel.COMMUNE, kind=phuong, code=code, parent=district, path=f"{district.path}{code}/",
                valid_from=valid_from,
            ))
    bulk_insert(AdministrativeUnit, wards)
    ward_rows = list(
        AdministrativeUnit.objects.filter(parent__in=districts).order_by("path").values_list("pk", "name")
    )

    sectors = dict(Sector.objects.filter(code__in=SECTOR_WEIGHTS).values_list("code", "pk"))
    # Facilities crowd into some wards (a long tail, like real industrial clusters).
    ward_weights = [rng.paretovariate(1.2) for _ in ward_rows]
    codes = tax_codes()

    def facility_objects() -> Iterator[Any]:
        for i in range(config.facilities):
            ward_pk, ward_name = rng.choices(ward_rows, ward_weights)[0]
            sector = _weighted(rng, SECTOR_WEIGHTS, 1)[0]
            product = rng.choice(PRODUCTS[sector])
            name = f"{rng.choice(FORMS)} {product} {ward_name} {i + 1}"
            tax_code = next(codes)
            address = f"{rng.randint(1, 300)} {rng.choice(STREETS)}, phường {ward_name}"
            contact = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            size = _weighted(rng, SIZES, 1)[0]
            employees = {"micro": (2, 10), "small": (10, 100), "medium": (100, 200), "large": (200, 2000)}[size]
            yield Facility(
                name=name, tax_code=tax_code, address=address, ward_id=ward_pk, sector_id=sectors[sector],
                supporting_industry=sector in ("C25", "C26", "C27", "C28", "C29", "C30") and rng.random() < 0.4,
                size=size, employees=rng.randint(*employees), contact_name=contact,
                contact_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                contact_email=f"lienhe{i + 1}@example.vn" if rng.random() < 0.5 else "",
                cp_status="unaware", is_illustrative=True,
                search_text=fold(" ".join([name, tax_code, address, contact])),
            )

    count = bulk_insert(Facility, facility_objects())
    facility_ids = list(
        Facility.objects.filter(tax_code__startswith=TAX_PREFIX, ward__parent__in=districts).order_by("tax_code").values_list("pk", flat=True)
    )

    # CP status history: a survey in the first year, then steps up the ladder for many facilities.
    first_year = config.end_year - config.years + 1
    survey = date(first_year, 1, 15)
    span = (date(config.end_year, 12, 31) - survey).days
    final: dict[str, list[int]] = {status: [] for status in STATUS_LADDER}

    def changes() -> Iterator[Any]:
        for pk in facility_ids:
            yield CPStatusChange(facility_id=pk, status="unaware", effective_date=survey,
                                 note="Điều tra ban đầu (dữ liệu tổng hợp)")
            level = int(_weighted(rng, LEVELS, 1)[0])
            day = survey
            for step in range(1, level + 1):
                day = min(day + timedelta(days=rng.randint(30, max(31, span // max(level, 1)))),
                          date(config.end_year, 12, 31))
                yield CPStatusChange(facility_id=pk, status=STATUS_LADDER[step], effective_date=day)
            final[STATUS_LADDER[level]].append(pk)

    history = bulk_insert(CPStatusChange, changes())
    for status, pks in final.items():
        for chunk in batched(pks, 900):
            if status != "unaware":
                Facility.objects.filter(pk__in=chunk).update(cp_status=status)

    return SyntheticContext(
        config=config, rng=rng, province_id=province.pk, district_ids=[d.pk for d in districts],
        ward_ids=[pk for pk, _ in ward_rows], facility_ids=facility_ids,
        counts={"districts": len(districts), "wards": len(ward_rows), "facilities": count,
                "cp_status_changes": history},
    )
