"""Admin for working-calendar overrides; saving one refreshes every process's calendar."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from sanbao.warranty.models import WorkingCalendarOverride
from sanbao.warranty.services import working_calendar_changed


@admin.register(WorkingCalendarOverride)
class WorkingCalendarOverrideAdmin(admin.ModelAdmin[WorkingCalendarOverride]):
    list_display = ["date", "is_working_day", "note", "updated_at"]
    list_filter = ["is_working_day"]
    search_fields = ["note"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        working_calendar_changed()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        working_calendar_changed()

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[WorkingCalendarOverride]
    ) -> None:
        super().delete_queryset(request, queryset)
        working_calendar_changed()
