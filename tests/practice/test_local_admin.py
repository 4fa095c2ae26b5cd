import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db


def test_creates_an_admin_with_a_random_password_printed_once(capsys):
    call_command("create_local_admin")
    output = capsys.readouterr().out
    password = output.split("password:")[1].split()[0]
    assert len(password) >= 16
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(password)


def test_two_runs_make_different_passwords_on_fresh_databases(capsys):
    call_command("create_local_admin")
    first = capsys.readouterr().out.split("password:")[1].split()[0]
    get_user_model().objects.all().delete()
    call_command("create_local_admin")
    second = capsys.readouterr().out.split("password:")[1].split()[0]
    assert first != second


def test_does_nothing_when_a_superuser_exists(capsys):
    SuperuserFactory(username="practice-owner")
    call_command("create_local_admin")
    assert "already exists" in capsys.readouterr().out
    assert get_user_model().objects.count() == 1
