# Reduction of the Ruby tab of AssemblyAI/assemblyai-api-spec
# fern/pages/guides/webhooks.mdx (before a01176be): submit with a webhook
# URL and its auth header.
require 'assemblyai'

client = AssemblyAI::Client.new(api_key: ENV['ASSEMBLYAI_API_KEY'])
client.transcripts.submit( # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
  audio_url: 'https://assembly.ai/wildfires.mp3',
  webhook_url: 'https://example.com/webhook',
  webhook_auth_header_name: 'X-My-Webhook-Secret',
  webhook_auth_header_value: ENV['WEBHOOK_SECRET']
)
