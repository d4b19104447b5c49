"""Small HTTP helpers the tests share."""

from typing import Any

import httpx

PROBLEM = "application/problem+json"


async def person(client: httpx.AsyncClient, name: str = "Someone", **fields: Any) -> dict:
    response = await client.post("/v1/people", json={"name": name, **fields})
    assert response.status_code == 201, response.text
    return response.json()


async def company(client: httpx.AsyncClient, name: str = "Acme", **fields: Any) -> dict:
    response = await client.post("/v1/companies", json={"name": name, **fields})
    assert response.status_code == 201, response.text
    return response.json()


async def relate(
    client: httpx.AsyncClient, rel_type: str, source: dict, target: dict, **fields: Any
) -> dict:
    body = {"type": rel_type, "source_id": source["id"], "target_id": target["id"], **fields}
    response = await client.post("/v1/relationships", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def assert_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] and body["detail"]
    return body
