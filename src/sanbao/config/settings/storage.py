"""Static files (vendored, no CDN) and uploaded media."""

from pathlib import Path

from sanbao.config.env import env_str
from sanbao.config.settings.paths import DATA_DIR, PACKAGE_DIR

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")) or "").resolve()
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")) or "").resolve()
