"""Customer URLs."""

from django.urls import path

from sanbao.customers import views

app_name = "customers"
urlpatterns = [path("<int:pk>/full/", views.customer_reveal, name="reveal")]
