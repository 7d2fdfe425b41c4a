# Fixture: REST calls to POST /v2/transcript with requests and httpx.
import json
import os

import httpx
import requests

BASE = os.getenv("ASSEMBLYAI_BASE_URL", "https://api.assemblyai.com/v2")
HEADERS = {"authorization": os.environ["ASSEMBLYAI_API_KEY"]}


def plain(url):
    return requests.post(BASE + "/transcript", json={"audio_url": url}, headers=HEADERS)  # want "aai-pii-redaction-missing" "aai-content-safety-missing"


def data_dumps(url):
    body = {"audio_url": url, "content_safety": True}
    body["redact_pii"] = True
    body["redact_pii_policies"] = ["person_name"]
    return requests.post(f"{BASE}/transcript", data=json.dumps(body), headers=HEADERS)


def listing():
    return requests.get(f"{BASE}/transcript", headers=HEADERS)


class AssemblyClient:
    """A requests.Session wrapper whose base URL carries the host and /v2."""

    def __init__(self):
        self.session = requests.Session()
        self.session.headers.update(HEADERS)
        self.base_url = "https://api.assemblyai.com/v2"

    def submit(self, url):
        return self.session.post(f"{self.base_url}/transcript", json={"audio_url": url, "redact_pii": True, "content_safety": True})  # want "aai-pii-policies-missing"


client = httpx.Client(base_url="https://api.assemblyai.com/v2", headers=HEADERS)


def with_httpx(url):
    return client.post("/transcript", json={"audio_url": url})  # want "aai-pii-redaction-missing" "aai-content-safety-missing"


def another_service(url):
    return requests.post("https://api.example.org/transcript", json={"audio_url": url})


class AssemblySession(requests.Session):
    """A Session subclass that talks to the API itself."""

    BASE = "https://api.assemblyai.com/v2"

    def create(self, url):
        return self.post(self.BASE + "/transcript", json={"audio_url": url, "content_safety": True})  # want "aai-pii-redaction-missing"
