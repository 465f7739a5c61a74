"""Where Sanbao finds its code and keeps its local data."""

from pathlib import Path

from sanbao.config.env import env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = PACKAGE_DIR.parents[1]
DATA_DIR = Path(env_str("SANBAO_DATA_DIR", str(PROJECT_DIR / "var")) or "var").resolve()
