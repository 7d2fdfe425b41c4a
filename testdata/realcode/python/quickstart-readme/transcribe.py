# Reduction of the quick start in AssemblyAI/assemblyai-python-sdk's README
# (the form most scripts copy): the key from the environment, a transcript
# of a remote file with the default configuration.
import os

import assemblyai as aai

aai.settings.api_key = os.environ["ASSEMBLYAI_API_KEY"]

transcriber = aai.Transcriber()
transcript = transcriber.transcribe("https://assembly.ai/news.mp4")  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
print(transcript.text)
