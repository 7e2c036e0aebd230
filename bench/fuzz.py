"""Property-based fuzzing (issue 10; part of `BENCH_FAULTS=true make bench`, or `python -m bench.fuzz`):
hypothesis drives the application validators and the public HTTP surface (portal form, API, query
strings, paths) with arbitrary text — NUL, surrogates, control characters, huge values — on a fresh
embedded database. Every answer must be < 500. Cases counted into bench/out/fuzz.json.

Needs `pip install -c constraints.txt -e '.[bench]'` (hypothesis, MPL-2.0, a development tool only).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def main() -> dict:
    data_dir = tempfile.mkdtemp(prefix="gk-fuzz-")
    os.environ.update(GONGKAI_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="gongkai.settings", GONGKAI_MANIFEST_STATIC="false",
                      GONGKAI_THROTTLE="apply=100000000/3600,track=100000000/600")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from hypothesis import HealthCheck, given, settings, strategies as st

    from gongkai.applications.validation import application_validate
    from gongkai.core.errors import GongkaiError
    from gongkai.orgs.models import Organisation

    call_command("migrate", verbosity=0)
    Organisation.objects.get_or_create(code="fz", defaults={"name": "模糊测试机关"})
    examples = int(os.environ.get("BENCH_FUZZ_EXAMPLES", "1000"))
    counts: dict[str, int] = {}
    errors: list[str] = []
    text = st.text(st.characters(codec=None, exclude_categories=()), max_size=300) | st.sampled_from(
        ["", "\x00", "a\x00b", "\ud800", "💥" * 50, "1" * 10000, "<script>alert(1)</script>", "' OR 1=1 --"])
    fields = ["applicant_type", "applicant_name", "id_type", "id_number", "credit_code", "phone", "email", "address",
              "postcode", "subject", "purpose", "provision_form", "delivery"]
    record = st.fixed_dictionaries({}, optional={f: text for f in fields})
    options = settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)

    def count(name: str) -> None:
        counts[name] = counts.get(name, 0) + 1

    @options
    @given(record)
    def validators(data):
        count("validators")
        try:
            application_validate(data)
        except GongkaiError:
            pass  # a refusal with a reason is the right answer

    client = Client(raise_request_exception=False)

    def check(name: str, response) -> None:
        count(name)
        if response.status_code >= 500:
            errors.append(f"{name}: {response.status_code} {response.request.get('PATH_INFO', '')!r} {response.request.get('QUERY_STRING', '')[:200]!r}")

    @options
    @given(record)
    def api_post(data):
        body = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
        check("api POST /api/v1/applications/", client.post("/api/v1/applications/", body, content_type="application/json"))

    @options
    @given(record)
    def form_post(data):
        clean = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in data.items()}
        check("form POST /apply/", client.post("/apply/?org=fz", clean))

    @options
    @given(st.sampled_from(["/catalog/", "/search/", "/api/v1/items/", "/track/", "/apply/"]),
           st.dictionaries(st.sampled_from(["q", "page", "year", "org", "topic", "dept", "kind", "order"]), text, max_size=4))
    def query_strings(path, params):
        from urllib.parse import urlencode

        query = urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in params.items()})
        check("GET query strings", client.get(f"{path}?{query}"))

    @options
    @given(text)
    def paths(segment):
        from urllib.parse import quote

        check("GET paths", client.get("/items/" + quote(segment.encode("utf-8", "surrogatepass"), safe="") + "/"))

    start = time.monotonic()
    for test in (validators, api_post, form_post, query_strings, paths):
        test()
    result = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cases": counts, "total": sum(counts.values()),
              "server_errors": len(errors), "examples": errors[:20], "seconds": round(time.monotonic() - start, 1)}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fuzz.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


if __name__ == "__main__":
    outcome = main()
    print(json.dumps(outcome, ensure_ascii=False, indent=1))
    sys.exit(1 if outcome["server_errors"] else 0)
