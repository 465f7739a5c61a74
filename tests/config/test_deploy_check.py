"""`sanbao check --deploy` is clean with production settings: DEBUG off, a long secret key,
hosts set, and every other security setting left at its default."""

import base64
import os
import secrets
import subprocess
import sys


def _production(tmp_path, **changes: str) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SECURE_", "HTTPS", "SESSION_", "CSRF_", "CONTENT_"))
    }
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        ALLOWED_HOSTS="service.example.com",
        CSRF_TRUSTED_ORIGINS="https://service.example.com",
        SANBAO_DATA_DIR=str(tmp_path),
        # Personal data at rest is encrypted with keys of its own in production.
        PII_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        PII_HASH_KEY=secrets.token_urlsafe(48),
    )
    environment.update(changes)
    return environment


def _deploy_check(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sanbao", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_passes_the_deploy_check_in_production(tmp_path):
    result = _deploy_check(_production(tmp_path))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout
    assert "ERRORS" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_it_passes_behind_a_tls_proxy_too(tmp_path):
    result = _deploy_check(_production(tmp_path, BEHIND_TLS_PROXY="1"))
    assert result.returncode == 0, result.stderr + result.stdout


def test_it_warns_when_https_is_turned_off(tmp_path):
    """The check still guards: the defaults pass, not whatever is configured."""
    result = _deploy_check(_production(tmp_path, HTTPS="0"))
    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


def test_it_warns_about_a_short_secret_key(tmp_path):
    result = _deploy_check(_production(tmp_path, SECRET_KEY="k" * 20 + secrets.token_hex(8)))
    assert result.returncode != 0
    assert "security.W009" in result.stderr
