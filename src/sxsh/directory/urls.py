from django.urls import path

from . import unit_views, views

app_name = "directory"
urlpatterns = [
    path("co-so/", views.facility_list, name="facility_list"),
    path("co-so/them/", views.facility_create, name="facility_create"),
    path("co-so/nhap/", views.facility_import, name="facility_import"),
    path("co-so/xuat.<str:fmt>", views.facility_export, name="facility_export"),
    path("co-so/hang-loat/", views.facility_bulk, name="facility_bulk"),
    path("co-so/<id:pk>/", views.facility_detail, name="facility_detail"),
    path("co-so/<id:pk>/sua/", views.facility_edit, name="facility_edit"),
    path("co-so/<id:pk>/tinh-trang/", views.facility_status, name="facility_status"),
    path("co-so/xep-phuong/", unit_views.placement, name="placement"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/xuat.<str:fmt>", views.unit_export, name="unit_export"),
    path("don-vi/<id:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<id:pk>/sua/", views.unit_correct, name="unit_correct"),
    path("don-vi/sap-xep/<id:pk>/", unit_views.reorganisation_detail, name="reorganisation_detail"),
    path("to-chuc/", views.organisation_list, name="organisation_list"),
    path("to-chuc/xuat.<str:fmt>", views.organisation_export, name="organisation_export"),
    path("to-chuc/them/", views.organisation_form, name="organisation_create"),
    path("to-chuc/<id:pk>/", views.organisation_detail, name="organisation_detail"),
    path("to-chuc/<id:pk>/sua/", views.organisation_form, name="organisation_edit"),
]
