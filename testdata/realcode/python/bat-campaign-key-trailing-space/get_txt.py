# Reduction of RH-NAYM/BAT_NLP_Campaign get_txt.py: a pasted key followed by a
# stray space, then a transcript of an uploaded video.
import assemblyai as aai

aai.settings.api_key = "ada2aa00bc871d249c724a83dd1bbf68"   # want "assemblyai-api-key"

transcriber = aai.Transcriber()
audio_url = (
    "https://form.example.online/file-1702199437576-17075513.mp4"
)
config = aai.TranscriptionConfig(speaker_labels=True)
transcript = transcriber.transcribe(audio_url, config)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
print(transcript.text)
