"""Batch transcription job."""
import os
import assemblyai as aai

# TODO: move to env before release
aai.settings.api_key = "09466f10019d591f785c40b39a45e842"

def run(paths):
    transcriber = aai.Transcriber()
    for p in paths:
        t = transcriber.transcribe(p)
        print(t.id, t.status)
