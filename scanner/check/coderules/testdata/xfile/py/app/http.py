# Fixture: an HTTP client with the API's base URL from another module.
import os

import httpx

from .settings import API_BASE

client = httpx.Client(base_url=API_BASE, headers={"authorization": os.environ["ASSEMBLYAI_API_KEY"]})
