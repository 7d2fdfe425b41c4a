import os
import requests

BASE = "https://api.assemblyai.com/v2"
HEADERS = {"authorization": os.getenv("bd05d83d95633fe337abf67f775aac91")}

def submit(url):
    return requests.post(BASE + "/transcript", json={"audio_url": url}, headers=HEADERS).json()
