# Reduction of AssemblyAI/assemblyai-api-spec
# fern/snippets/audio-intelligence/pii-redaction/python-sdk-1.py: the
# documented chained set_redact_pii with policies (redaction is on).
import assemblyai as aai

aai.settings.api_key = "<YOUR_API_KEY>"

config = aai.TranscriptionConfig(
    speech_models=["universal-3-pro", "universal-2"],
    language_detection=True,
).set_redact_pii(
    policies=[
        aai.PIIRedactionPolicy.person_name,
        aai.PIIRedactionPolicy.organization,
    ],
    substitution=aai.PIISubstitutionPolicy.hash,
)

transcript = aai.Transcriber().transcribe("https://assembly.ai/wildfires.mp3", config)  # want "aai-content-safety-missing" "aai-retention-no-deletion"
print(transcript.text)
