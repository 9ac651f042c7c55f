"""factory-boy factories for tests and synthetic data."""

from typing import Any

import factory

from sxsh.accounts.models import User
from sxsh.calc import taxcode
from sxsh.core.roles import Role
from sxsh.directory.models import AdministrativeUnit, Facility, Organisation, OrganisationKind, Sector


def _tax_code(n: int) -> str:
    serial = (10000 + n * 13) % 100000
    while (code := taxcode.with_check_digit(f"0108{serial:05d}")) is None:
        serial += 1
    return code


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Cơ sở thử nghiệm {n}")
    tax_code = factory.Sequence(_tax_code)
    address = factory.Sequence(lambda n: f"{n} Hàng Bạc")
    ward = factory.LazyFunction(lambda: AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/hang-bac/"))
    sector = factory.LazyFunction(lambda: Sector.objects.get(code="C10"))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Tổ chức {n}")
    kind = OrganisationKind.OTHER
    unit = factory.LazyFunction(lambda: AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.DISTRICT
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-nghiem")

    @factory.post_generation
    def with_facilities(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.facilities.add(*extracted)  # type: ignore[attr-defined]
        if create:
            self.save()  # type: ignore[attr-defined]
