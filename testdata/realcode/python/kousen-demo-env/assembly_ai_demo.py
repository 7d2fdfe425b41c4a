# Reduction of kousen/ai_samples assembly_ai_demo.py: the SDK quick start with
# the key from the environment.
import os

import assemblyai as aai

aai.settings.api_key = os.getenv("ASSEMBLYAI_API_KEY")
transcriber = aai.Transcriber()

transcript = transcriber.transcribe("https://assembly.ai/news.mp4")  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
print(transcript.text)
