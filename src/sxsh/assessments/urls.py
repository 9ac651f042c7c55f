from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "assessments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.assessment_list, name="assessment_list"),
    path("them/", views.assessment_create, name="assessment_create"),
    path("<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("<int:pk>/sua/", views.assessment_edit, name="assessment_edit"),
    path("<int:pk>/bao-cao.xlsx", views.assessment_export, name="assessment_export"),
    path("<int:pk>/bao-cao.pdf", views.assessment_pdf, name="assessment_pdf"),
    path("<int:pk>/nhiem-vu/<int:number>/", views.task_toggle, name="task_toggle"),
    path("<int:pk>/<slug:kind>/them/", views.part_form, name="part_create"),
    path("<int:pk>/<slug:kind>/<int:part_pk>/sua/", views.part_form, name="part_edit"),
    path("<int:pk>/<slug:kind>/<int:part_pk>/xoa/", views.part_delete, name="part_delete"),
    path("<int:pk>/giai-phap/xem-truoc/", views.option_preview, name="option_preview"),
    path("giai-phap/<int:pk>/", views.option_detail, name="option_detail"),
    path("giam-sat/", views.monitoring_list, name="monitoring_list"),
    path("giam-sat/<int:pk>/", views.monitoring_detail, name="monitoring_detail"),
    path("giam-sat/<int:pk>/chuoi/them/", views.series_form, name="series_create"),
    path("giam-sat/<int:pk>/chuoi/<int:series_pk>/sua/", views.series_form, name="series_edit"),
    path("giam-sat/<int:pk>/nhap/", views.readings_import, name="readings_import"),
    path("giam-sat/<int:pk>/mv/them/", views.analysis_form, name="analysis_create"),
    path("giam-sat/<int:pk>/mv/<int:analysis_pk>/sua/", views.analysis_form, name="analysis_edit"),
]
