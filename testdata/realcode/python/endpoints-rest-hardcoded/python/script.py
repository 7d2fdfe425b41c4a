# Reduction of LeeVaughn/assemblyai-endpoints python/script.py: REST calls
# with the key pasted into the headers (synthetic here).
import requests

endpoint = "https://api.assemblyai.com/v2/transcript"

json = {
  "audio_url": "https://example.com/audio/7510.mp3",
  "punctuate": False,
  "format_text": False
}

headers = {
    "authorization": "979fa8ec51aca8d899bc5356090d9c71",  # want "assemblyai-api-key"
    "content-type": "application/json"
}

response = requests.post(endpoint, json=json, headers=headers)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
response = requests.get(endpoint, headers=headers)
