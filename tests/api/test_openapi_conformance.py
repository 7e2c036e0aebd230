"""The API answers as its OpenAPI schema says, for the classes of bug schemathesis found
(bench/api_fuzz.py, bench/RESULTS-sec.md): every status it gives is documented for the operation,
every 400 — from the input guard, from a body that is not JSON, from validation — has the documented
shape (`detail` and `errors`), and the links of the schema lead from a receipt to its status query."""
from __future__ import annotations

import json

import pytest
from django.core.cache import cache

CREATE, STATUS, ITEMS = "/api/v1/applications/", "/api/v1/applications/status/", "/api/v1/items/"
TYPES = {"string": str, "object": dict, "integer": int, "array": list, "boolean": bool, "null": type(None)}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def schema(client, db):
    return client.get("/api/v1/openapi.json").json()


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def conforms(schema: dict, path: str, method: str, response) -> None:
    """RESPONSE's status is documented for the operation and its JSON has the documented required
    properties with their types (enough for the shapes this API uses)."""
    template = path if path in schema["paths"] else "/api/v1/items/{key}/"
    responses = schema["paths"][template][method]["responses"]
    assert str(response.status_code) in responses, f"{method.upper()} {path}: {response.status_code} not documented"
    body = response.json()
    node = _resolve(schema, responses[str(response.status_code)]["content"]["application/json"]["schema"])
    for name in node.get("required", []):
        assert name in body, f"{method.upper()} {path} {response.status_code}: {name!r} missing from {body}"
        prop = _resolve(schema, node["properties"][name])
        kinds = [p.get("type") for p in prop.get("anyOf", [prop])]
        assert any(isinstance(body[name], TYPES[k]) for k in kinds if k), f"{name}: {body[name]!r} is not {kinds}"


@pytest.mark.parametrize("url", [CREATE, STATUS])
def test_every_400_of_a_post_has_the_documented_shape(client, schema, org, url):
    answers = [
        client.post(url, b"\x00", content_type="application/json"),          # a NUL: the input guard
        client.post(url, "[h~", content_type="application/json"),           # not JSON
        client.post(url, "", content_type="application/json"),              # no body at all
        client.post(url, json.dumps({"number": ["x"], "applicant_type": ["x"]}), content_type="application/json"),
        client.post(url, b"x", content_type="multipart/form-data"),           # no boundary: Django's own 400 page before
    ]
    for response in answers:
        assert response.status_code == 400, response.content
        assert response.json()["errors"] == {} or response.json()["errors"]
        conforms(schema, url, "post", response)


def test_the_lists_400s_and_404s_have_the_documented_shape(client, schema, org):
    for params in ({"page": "x"}, {"org": "nosuch"}, {"q": "a\x00b"}, {"page": "99"}):
        response = client.get(ITEMS, params)
        assert response.status_code in (400, 404)
        conforms(schema, ITEMS, "get", response)
    conforms(schema, "/api/v1/items/x%00y/", "get", client.get("/api/v1/items/x%00y/"))
    conforms(schema, "/api/v1/items/nosuch/", "get", client.get("/api/v1/items/nosuch/"))


def test_the_guard_s_refusals_and_an_outage_are_documented(client, schema, org, monkeypatch):
    too_big = client.post(CREATE, b"{}", content_type="application/json", CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert too_big.status_code == 413
    conforms(schema, CREATE, "post", too_big)
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert {"400", "503"} <= set(op["responses"]), f"{method} {path}"
            if method == "post":
                assert "413" in op["responses"], f"{method} {path}"


def test_the_schema_s_example_is_accepted_and_its_link_leads_to_the_status(client, schema, org):
    """The example a client copies is a valid application, and the receipt's link gives the body of
    the status query (schemathesis' stateful phase follows it)."""
    create = schema["paths"][CREATE]["post"]
    example = schema["components"]["schemas"]["ApplicationIn"]["examples"][0]
    created = client.post(CREATE, json.dumps(example), content_type="application/json")
    assert created.status_code == 201, created.content
    conforms(schema, CREATE, "post", created)
    link = create["responses"]["201"]["links"]["status"]
    body = {name: created.json()[value.rsplit("/", 1)[1]] for name, value in link["requestBody"].items()}
    status = client.post(STATUS, json.dumps(body), content_type="application/json")
    assert status.status_code == 200 and status.json()["number"] == created.json()["number"]
    conforms(schema, STATUS, "post", status)
    operation_ids = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    assert link["operationId"] in operation_ids
    assert schema["paths"][ITEMS]["get"]["responses"]["200"]["links"]["item"]["operationId"] in operation_ids
