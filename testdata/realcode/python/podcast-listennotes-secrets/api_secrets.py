# Reduction of AssemblyAI/youtube-tutorials podcast-summary-app/api_secrets.py,
# with both keys filled in as users do (synthetic here): only the second is
# AssemblyAI's.
API_KEY_LISTENNOTES = "8f2e53132fca3ca636a20bb0176179b7"
API_KEY_ASSEMBLYAI = "30ecea8e451abc86745e6af4d9fe40de"  # want "assemblyai-api-key"
