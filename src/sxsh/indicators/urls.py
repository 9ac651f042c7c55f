from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xuat.xlsx", views.dashboard_export, name="dashboard_export"),
    path("xuat-nen/", views.dashboard_export_job, name="dashboard_export_job"),
    path("du-lieu/", views.values_export_job, name="values_export_job"),
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("gia-tri/", views.value_list, name="value_list"),
    path("gia-tri/xuat.<str:fmt>", views.value_list_export, name="value_list_export"),
    path("gia-tri/<id:pk>/", views.value_detail, name="value_detail"),
    path("tinh-lai/", views.recompute, name="recompute"),
    path("bao-cao/", views.report_list, name="report_list"),
    path("bao-cao/xuat.<str:fmt>", views.report_list_export, name="report_list_export"),
    path("bao-cao/hang-loat/", views.report_bulk, name="report_bulk"),
    path("bao-cao/<id:pk>/", views.report_detail, name="report_detail"),
    path("bao-cao/<id:pk>/gui/", views.report_submit, name="report_submit"),
    path("bao-cao/<id:pk>/phe-duyet/", views.report_approve, name="report_approve"),
    path("bao-cao/<id:pk>/tra-lai/", views.report_return, name="report_return"),
    path("bao-cao/<id:pk>/tai.<str:fmt>", views.report_export, name="report_export"),
]
