# Fixture: settings imported by other modules.
CONFIG = {"speech_model": "universal"}
API_BASE = "https://api.assemblyai.com/v2"
