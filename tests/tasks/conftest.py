import pytest

from tests.applications.conftest import person, register  # noqa: F401 - the applications' fixtures here too

from .processes import migrate


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """An embedded database file with every migration applied (about 12 s, once per session)."""
    data_dir = tmp_path_factory.mktemp("gongkai-migrated") / "data"
    migrate(data_dir)
    return data_dir
