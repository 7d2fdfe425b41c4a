import assemblyai as aai

aai.settings.api_key = "c5c5285779dea9a4833e676b2d04f46b"  # fake key for the end-to-end tests
