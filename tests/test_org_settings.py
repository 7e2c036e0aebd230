import pytest
from django.core.exceptions import ValidationError


@pytest.mark.parametrize("pattern, ok", [
    ("{credit_code}/{year}-{serial:05d}", True),
    ("{code}-{year}-{serial}", True),
    ("{credit_code}/{year}", False),  # without a serial numbers would repeat
    ("{credit_code}/{year}-{serial:05d}{nonsense}", False),
])
def test_it_validates_the_index_number_pattern(org, pattern, ok):
    org.index_pattern = pattern
    if ok:
        org.full_clean()
    else:
        with pytest.raises(ValidationError):
            org.full_clean()


def test_admins_configure_users_roles_and_topics(client, org):
    """The system administrator configures users, organisations and topics; the security administrator
    gives the roles (三员分立: tests/accounts/test_duties_matrix.py has every cell)."""
    from tests.accounts.conftest import make_admin, sign_in

    sign_in(client, make_admin("xitong", "system"))
    for url in ("/admin/auth/user/add/", "/admin/orgs/organisation/", "/admin/catalog/topic/",
                "/admin/catalog/nonpubliccategory/", f"/admin/orgs/organisation/{org.pk}/change/"):
        assert client.get(url).status_code == 200, url
    client.logout()
    sign_in(client, make_admin("anquan", "security"))
    assert client.get("/admin/orgs/membership/").status_code == 200
