import assemblyai as aai
aai.settings.api_key = "0123456789abcdef0123456789abcdef"  # docs placeholder
FAKE = "deadbeefdeadbeefdeadbeefdeadbeef"
