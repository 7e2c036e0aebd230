"""The `gongkai` command: Django's manage.py with the settings preset (spec/cli.md).

Subcommands with a space in the contract (`gongkai org create`, `gongkai import items`) are
management commands named by their first word that take the second as a sub-action.
"""
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
