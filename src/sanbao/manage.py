"""The `sanbao` command: Django's manage command with Sanbao's settings preselected."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    # `sanbao demo-data` reads better than `sanbao demo_data`; both work.
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanbao.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"sanbao: configuration error: {error}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
