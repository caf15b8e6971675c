"""The password policy (身份鉴别 a) at, below and above each boundary; judged when a password is chosen."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from luoshi.accounts.models import PasswordHistory, User
from luoshi.accounts.passwords import character_classes, temporary_password

pytestmark = pytest.mark.django_db


def refusals(password: str, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@pytest.mark.parametrize("password, accepted", [
    ("Tq7-wmzpx", False),  # 9 characters
    ("Tq7-wmzpxk", True),  # 10
    ("Tq7-wmzpxkr", True),  # 11
])
def test_a_password_needs_at_least_10_characters(password, accepted):
    assert (refusals(password) == set()) is accepted


@pytest.mark.parametrize("password, classes, accepted", [
    ("tqwmzpxkrvhd", 1, False),
    ("tqwmzpxkrv77", 2, False),
    ("Tqwmzpxkrv77", 3, True),
    ("Tq-wmzpxkr77", 4, True),
    ("伴随着春风chunfeng7", 3, True),  # CJK characters count as "other"
])
def test_a_password_mixes_at_least_3_of_the_4_character_classes(password, classes, accepted):
    assert character_classes(password) == classes
    assert ("password_too_plain" not in refusals(password)) is accepted


def test_luoshi2026_from_the_issue_is_refused_for_the_product_name():
    assert "password_has_product_name" in refusals("Luoshi2026")
    assert "password_has_product_name" in refusals("Quiet-LUOSHI-7x")
    assert "password_has_product_name" in refusals("落实Quiet-7x")
    assert "password_has_product_name" not in refusals("Quiet-Luoshu-7x")


def test_a_password_may_not_contain_the_username_from_three_characters_on(world):
    city = world.users["city"]  # username "city"
    assert "password_has_username" in refusals("citycity-Q7", city)  # the username twice (the issue)
    assert "password_has_username" in refusals("Quiet-CITY-7", city)
    assert "password_has_username" not in refusals("Quiet-cit-7z", city)
    short = User(username="ab")
    assert "password_has_username" not in refusals("Quiet-ab-77z", short)  # below the 3-character boundary
    three = User(username="abc")
    assert "password_has_username" in refusals("Quiet-abc-77", three)


def test_none_of_the_last_five_passwords_may_be_chosen_again_but_the_sixth_may(world):
    user = world.users["dept"]
    first = ["Amber-field-01", "Amber-field-02", "Amber-field-03", "Amber-field-04", "Amber-field-05",
             "Amber-field-06"]
    for password in first:
        user.set_password(password)
        user.save()
    # Current: 06; before it 05, 04, 03, 02 (the last five); 01 is the sixth back.
    assert PasswordHistory.objects.filter(user=user).count() == 4
    assert "password_reused" in refusals("Amber-field-06", user)
    assert "password_reused" in refusals("Amber-field-02", user)
    assert "password_reused" not in refusals("Amber-field-01", user)


def test_a_sign_in_that_only_rehashes_the_password_is_not_a_change(world, settings):
    user = world.users["dept"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 *settings.PASSWORD_HASHERS]
    changed_at = user.password_changed_at
    assert user.check_password("Correct-horse-42")  # upgrades the hash and saves only `password`
    user.refresh_from_db()
    assert user.password.startswith("md5$")
    assert not PasswordHistory.objects.filter(user=user).exists()
    assert user.password_changed_at == changed_at


def test_the_refusals_read_in_chinese():
    with translation.override("zh-hans"):
        try:
            validate_password("tqwmzpxkrvhd")
        except ValidationError as error:
            text = " ".join(error.messages)
    assert "字符" in text and "must" not in text


def test_a_temporary_password_passes_the_policy_for_its_account(world):
    city = world.users["city"]
    for _ in range(5):
        assert refusals(temporary_password(city), city) == set()


def test_the_demo_password_is_refused_when_chosen_yet_set_directly_by_the_demo():
    # The policy judges a password when someone chooses it; load_demo sets the
    # documented Luoshi-demo-2026 directly (tests/accounts/test_password_change.py signs in with it).
    assert "password_has_product_name" in refusals("Luoshi-demo-2026")
