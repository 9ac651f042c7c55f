from django.urls import path, re_path

from . import views

app_name = "events"
CODE = r"(?P<code>[A-Za-z0-9]{8})"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("da-dien-ra/", views.event_list, {"when": "past"}, name="past"),
    path("huy-dang-ky/", views.cancel, name="cancel"),
    re_path(rf"^ma/{CODE}/$", views.confirmation, name="confirmation"),
    re_path(rf"^ma/{CODE}/qr\.svg$", views.qr_code, name="qr"),
    re_path(rf"^ma/{CODE}/phan-hoi/$", views.feedback, name="feedback"),
    re_path(rf"^ma/{CODE}/chung-nhan\.pdf$", views.certificate, name="certificate"),
    re_path(rf"^ma/{CODE}/chung-nhan\.docx$", views.certificate, {"fmt": "docx"}, name="certificate_docx"),
    re_path(rf"^ma/{CODE}/chung-nhan\.xlsx$", views.certificate, {"fmt": "xlsx"}, name="certificate_xlsx"),
    path("quan-ly/", views.staff_list, name="staff_list"),
    path("quan-ly/xuat.<str:fmt>", views.staff_export, name="staff_export"),
    path("quan-ly/them/", views.event_form, name="event_create"),
    path("quan-ly/dang-ky-cua-toi/", views.my_registrations, name="my_registrations"),
    path("quan-ly/dang-ky/xuat.<str:fmt>", views.registration_export, name="registration_export"),
    path("quan-ly/cho-xac-nhan/", views.claims, name="claims"),
    path("quan-ly/cho-xac-nhan/xuat.<str:fmt>", views.claim_export, name="claim_export"),
    path("quan-ly/xac-nhan-co-so/<id:registration_pk>/", views.settle_claim, name="settle_claim"),
    path("quan-ly/<id:pk>/", views.staff_detail, name="staff_detail"),
    path("quan-ly/<id:pk>/sua/", views.event_form, name="event_edit"),
    path("quan-ly/<id:pk>/xuat-diem-danh.xlsx", views.export_attendance, name="export_attendance"),
    path("quan-ly/<id:pk>/danh-sach-diem-danh.<str:fmt>", views.attendance_document, name="attendance_document"),
    path("quan-ly/<id:pk>/huy/<id:registration_pk>/", views.staff_cancel, name="staff_cancel"),
    path("quan-ly/<id:pk>/xoa-du-lieu/<id:registration_pk>/", views.staff_erase, name="staff_erase"),
    path("quan-ly/<id:pk>/gui-thu-tham-du/", views.mail_attendees, name="mail_attendees"),
    path("quan-ly/<id:pk>/diem-danh/", views.checkin, name="checkin"),
    path("quan-ly/<id:pk>/diem-danh/tai-cho/", views.walk_in, name="walk_in"),
    path("quan-ly/<id:pk>/diem-danh/<id:registration_pk>/<id:session_pk>/", views.checkin_toggle,
         name="checkin_toggle"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/dang-ky/", views.register, name="register"),
    path("<slug:slug>/lich.ics", views.event_calendar, name="calendar"),
]
