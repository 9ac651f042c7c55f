from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "assessments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.assessment_list, name="assessment_list"),
    path("xuat.<str:fmt>", views.assessment_list_export, name="assessment_list_export"),
    path("them/", views.assessment_create, name="assessment_create"),
    path("<id:pk>/", views.assessment_detail, name="assessment_detail"),
    path("<id:pk>/sua/", views.assessment_edit, name="assessment_edit"),
    path("<id:pk>/bao-cao.xlsx", views.assessment_export, name="assessment_export"),
    path("<id:pk>/bao-cao.pdf", views.assessment_document, {"fmt": "pdf"}, name="assessment_pdf"),
    path("<id:pk>/bao-cao.docx", views.assessment_document, {"fmt": "docx"}, name="assessment_docx"),
    path("<id:pk>/nhiem-vu/<id:number>/", views.task_toggle, name="task_toggle"),
    path("<id:pk>/<slug:kind>/them/", views.part_form, name="part_create"),
    path("<id:pk>/<slug:kind>/<id:part_pk>/sua/", views.part_form, name="part_edit"),
    path("<id:pk>/<slug:kind>/<id:part_pk>/xoa/", views.part_delete, name="part_delete"),
    path("<id:pk>/giai-phap/xem-truoc/", views.option_preview, name="option_preview"),
    path("giai-phap/", views.options, name="options"),
    path("giai-phap/xuat.<str:fmt>", views.option_export, name="option_export"),
    path("giai-phap/<id:pk>/", views.option_detail, name="option_detail"),
    path("giam-sat/", views.monitoring_list, name="monitoring_list"),
    path("giam-sat/xuat.<str:fmt>", views.monitoring_list_export, name="monitoring_list_export"),
    path("giam-sat/chuoi/", views.series_list, name="series_list"),
    path("giam-sat/chuoi/xuat.<str:fmt>", views.series_export, name="series_export"),
    path("giam-sat/<id:pk>/", views.monitoring_detail, name="monitoring_detail"),
    path("giam-sat/<id:pk>/giam-sat.xlsx", views.monitoring_export, name="monitoring_export"),
    path("giam-sat/<id:pk>/chuoi/them/", views.series_form, name="series_create"),
    path("giam-sat/<id:pk>/chuoi/<id:series_pk>/sua/", views.series_form, name="series_edit"),
    path("giam-sat/<id:pk>/nhap/", views.readings_import, name="readings_import"),
    path("giam-sat/<id:pk>/mv/them/", views.analysis_form, name="analysis_create"),
    path("giam-sat/<id:pk>/mv/<id:analysis_pk>/sua/", views.analysis_form, name="analysis_edit"),
]
