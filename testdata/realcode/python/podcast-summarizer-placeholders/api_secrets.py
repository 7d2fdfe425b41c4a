# Reduction of billy-enrizky/Podcast-Summarizer-Project api_secrets.py: the
# template with placeholders (no key to report).
API_KEY_ASSEMBLYAI = "your_assemblyai_api_key"
API_KEY_LISTENNOTES = "your_listennotes_api_key"
