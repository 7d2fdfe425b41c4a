# Fixture: key literals that reach the SDK client through a constant or a
# variable, which the secret scan cannot tie to AssemblyAI by their names.
require 'assemblyai'

DEMO = 'c5c5285779dea9a4833e676b2d04f46b' # want "aai-hardcoded-key"
client = AssemblyAI::Client.new(api_key: DEMO)

# From the environment: fine.
other = AssemblyAI::Client.new(api_key: ENV['ASSEMBLYAI_API_KEY'])

# A placeholder is not a key.
sample = AssemblyAI::Client.new(api_key: 'YOUR_API_KEY')

# A literal Authorization header for the REST API.
HEADERS = { 'authorization' => 'f27cdf6ddb57853ba41a3a643c5ff169', 'content-type' => 'application/json' } # want "aai-hardcoded-key"
