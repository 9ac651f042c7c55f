from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.RateLimitedLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("doi-mat-khau/", views.PasswordChange.as_view(), name="password_change"),
    path("ma-truy-cap/<id:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/xuat.<str:fmt>", views.user_export, name="user_export"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<id:pk>/sua/", views.user_edit, name="user_edit"),
]
