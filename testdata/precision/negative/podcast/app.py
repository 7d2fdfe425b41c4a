"""Podcast pipeline: search with Listen Notes, transcribe with AssemblyAI,
embed with OpenAI, store in Pinecone."""
import os

import assemblyai as aai

aai.settings.api_key = os.environ["ASSEMBLYAI_API_KEY"]

API_KEY_LISTENNOTES = "ba6683b75274e53b29ada6f54b5447fa"
PINECONE_API_KEY = "ba79ef22ee7bbe629134b6451b9d8fb0"

# Deepgram, kept as a fallback
api_key = "05330082635f5c8ba805d48a76edcf5d"

headers = {"X-ListenAPI-Key": API_KEY_LISTENNOTES}
