"""The shape of a per-brand, per-day number sequence table (see config.sequences)."""

from django.db import models


class DailySequence(models.Model):
    """The last number given for a brand on a day; one row per brand and day."""

    brand = models.ForeignKey("accounts.Brand", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.brand_id} {self.day}: {self.last}"
