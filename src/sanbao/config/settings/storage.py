"""Static files (vendored, no CDN) and uploaded media."""

from pathlib import Path

from sanbao.config.env import env_str
from sanbao.config.settings.paths import DATA_DIR, PACKAGE_DIR

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")) or "").resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")) or "").resolve()
# WhiteNoise serves STATIC_ROOT after `sanbao collectstatic`; in DEBUG it reads the app
# folders directly. The folder must exist either way.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
