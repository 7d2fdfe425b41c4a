# Fixture: the assemblyai gem (AssemblyAI/assemblyai-ruby-sdk 1.2.1): every
# option is a keyword named like the API's JSON key.
require 'assemblyai'

client = AssemblyAI::Client.new(api_key: ENV.fetch('ASSEMBLYAI_API_KEY'))
URL = 'https://example.com/call.mp3'

# No options at all: the defaults keep PII and skip content safety.
client.transcripts.transcribe(audio_url: URL) # want "aai-pii-redaction-missing" "aai-content-safety-missing"

# Redaction with policies and content safety: nothing to report.
client.transcripts.transcribe(
  audio_url: URL,
  redact_pii: true,
  redact_pii_policies: [AssemblyAI::Transcripts::PiiPolicy::PERSON_NAME, 'phone_number'],
  content_safety: true
)

# Redaction switched off.
client.transcripts.submit(audio_url: URL, redact_pii: false, content_safety: true) # want "aai-pii-redaction-missing"

# Redaction without policies.
client.transcripts.submit(audio_url: URL, redact_pii: true, content_safety: true) # want "aai-pii-policies-missing"

# A commented-out option does not count.
client.transcripts.submit( # want "aai-pii-redaction-missing"
  audio_url: URL,
  # redact_pii: true,
  # redact_pii_policies: ['person_name'],
  content_safety: true
)

# Options kept in a hash and splatted.
opts = { redact_pii: true, redact_pii_policies: %w[person_name], content_safety: true }
client.transcripts.transcribe(audio_url: URL, **opts)

# A redacting call next to a non-redacting one.
client.transcripts.transcribe(audio_url: URL, **opts)
client.transcripts.transcribe(audio_url: URL, content_safety: true) # want "aai-pii-redaction-missing"

# Options built conditionally: whether redaction is on is not known.
cond = { content_safety: true }
cond[:redact_pii] = true if ENV['SENSITIVE']
cond[:redact_pii_policies] = ['person_name'] if ENV['SENSITIVE']
client.transcripts.submit(audio_url: URL, **cond)

# Options set unconditionally after the hash is built.
later = { content_safety: true }
later[:redact_pii] = true
client.transcripts.submit(audio_url: URL, **later) # want "aai-pii-policies-missing"

# A hash merged in from elsewhere: unknown, not judged.
def from_caller(client, options)
  client.transcripts.submit(audio_url: URL, **options)
end

# A helper called once with redaction and once without: judged per call.
def transcribe_with(client, settings)
  client.transcripts.transcribe(audio_url: URL, **settings) # want "aai-pii-redaction-missing"
end
transcribe_with(client, { redact_pii: true, redact_pii_policies: ['person_name'], content_safety: true })
transcribe_with(client, { content_safety: true })

# Webhooks.
client.transcripts.submit(audio_url: URL, redact_pii: true, redact_pii_policies: ['person_name'], content_safety: true, webhook_url: 'https://example.com/hook') # want "aai-webhook-auth-missing"
client.transcripts.submit(audio_url: URL, redact_pii: true, redact_pii_policies: ['person_name'], content_safety: true,
                          webhook_url: 'https://example.com/hook', webhook_auth_header_name: 'X-Hook', webhook_auth_header_value: ENV['HOOK_SECRET'])
client.transcripts.submit( # want "aai-webhook-auth-missing"
  audio_url: URL, redact_pii: true, redact_pii_policies: ['person_name'], content_safety: true,
  webhook_url: 'http://example.com/hook' # want "aai-webhook-insecure-url"
)

# Retention: a transcript deleted after use.
client.transcripts.delete(transcript_id: 'abc')

# Another library's transcribe is not a request.
Whisper.new.transcripts.transcribe(audio_url: URL) if false
