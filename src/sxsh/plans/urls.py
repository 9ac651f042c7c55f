from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("xuat.<str:fmt>", views.plan_export, name="plan_export"),
    path("them/", views.plan_form, name="plan_create"),
    path("cua-toi/", views.my_activities, name="my_activities"),
    path("hoat-dong/", views.activities, name="activities"),
    path("hoat-dong/xuat.<str:fmt>", views.activity_export, name="activity_export"),
    path("<id:pk>/", views.plan_detail, name="plan_detail"),
    path("<id:pk>/sua/", views.plan_form, name="plan_edit"),
    path("<id:pk>/van-ban/", views.plan_document, name="plan_document"),
    path("<id:plan_pk>/chu-tri/them/", views.owner_form, name="owner_create"),
    path("<id:pk>/tien-do/", views.plan_timeline, name="plan_timeline"),
    path("<id:pk>/hoat-dong/", views.activity_list, name="activity_list"),
    path("<id:pk>/bao-cao.<str:fmt>", views.report, name="report"),
    path("<id:plan_pk>/nhom/them/", views.workstream_form, name="workstream_create"),
    path("<id:plan_pk>/nhom/<id:pk>/sua/", views.workstream_form, name="workstream_edit"),
    path("<id:plan_pk>/giai-doan/them/", views.stage_form, name="stage_create"),
    path("<id:plan_pk>/giai-doan/<id:pk>/sua/", views.stage_form, name="stage_edit"),
    path("<id:plan_pk>/kinh-phi/them/", views.budget_form, name="budget_create"),
    path("<id:plan_pk>/kinh-phi/<id:pk>/sua/", views.budget_form, name="budget_edit"),
    path("<id:plan_pk>/hoat-dong/them/", views.activity_form, name="activity_create"),
    path("<id:plan_pk>/hoat-dong/<id:pk>/sua/", views.activity_form, name="activity_edit"),
    path("<id:plan_pk>/chi-tieu/them/", views.target_form, name="target_create"),
    path("<id:plan_pk>/chi-tieu/<id:pk>/sua/", views.target_form, name="target_edit"),
    path("hoat-dong/<id:pk>/", views.activity_detail, name="activity_detail"),
    path("hoat-dong/<id:pk>/cap-nhat/", views.update_create, name="update_create"),
    path("minh-chung/<id:pk>/", views.evidence_file, name="evidence_file"),
]
