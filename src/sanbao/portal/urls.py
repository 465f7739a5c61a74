"""Portal URLs."""

from django.urls import path

from sanbao.portal import tracking, views

app_name = "portal"
urlpatterns = [
    path("", views.customer_home, name="customer_home"),
    path("dealer/", views.dealer_home, name="dealer_home"),
    path("warranty/", views.warranty_check, name="warranty_check"),
    path("track/", tracking.track_find, name="track"),
    path("track/<str:number>/", tracking.track_order, name="track_order"),
    path("track/<str:number>/quote/", tracking.track_quote, name="track_quote"),
    path("track/<str:number>/card.pdf", tracking.track_card, name="track_card"),
]
