# Reduction of AssemblyAI/youtube-tutorials podcast-summary-app/podcasts.py:
# Listen Notes for the episode, AssemblyAI for the transcript with chapters.
import requests

from api_secrets import API_KEY_ASSEMBLYAI, API_KEY_LISTENNOTES

listennotes_episode_endpoint = "https://listen-api.listennotes.com/api/v2/episodes"
headers_listennotes = {"X-ListenAPI-Key": API_KEY_LISTENNOTES}
transcript_endpoint = "https://api.assemblyai.com/v2/transcript"
headers_assemblyai = {"authorization": API_KEY_ASSEMBLYAI, "content-type": "application/json"}


def transcribe(audio_url, auto_chapters=False):
    transcript_request = {
        "audio_url": audio_url,
        "auto_chapters": "True" if auto_chapters else "False",
    }
    transcript_response = requests.post(transcript_endpoint, json=transcript_request, headers=headers_assemblyai)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    return transcript_response.json()["id"]
