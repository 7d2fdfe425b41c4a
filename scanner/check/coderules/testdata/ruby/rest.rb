# Fixture: hand-written REST calls (Net::HTTP as in AssemblyAI's docs,
# HTTParty, Faraday, RestClient).
require 'net/http'
require 'json'
require 'httparty'
require 'faraday'

headers = { 'authorization' => ENV['ASSEMBLYAI_API_KEY'], 'content-type' => 'application/json' }
uri = URI('https://api.assemblyai.com/v2/transcript')
http = Net::HTTP.new(uri.host, uri.port)
http.use_ssl = true

# The docs' form: the body is set on the request after it is built.
data = { 'audio_url' => 'https://example.com/a.mp3' }
request = Net::HTTP::Post.new(uri.request_uri, headers) # want "aai-pii-redaction-missing" "aai-content-safety-missing"
request.body = data.to_json
http.request(request)

safe = { 'audio_url' => 'https://example.com/a.mp3', 'redact_pii' => true, 'redact_pii_policies' => ['person_name'], 'content_safety' => true }
ok = Net::HTTP::Post.new(uri.request_uri, headers)
ok.body = safe.to_json
http.request(ok)

# Deleting a transcript.
del = Net::HTTP::Delete.new(URI("https://api.assemblyai.com/v2/transcript/#{id}").request_uri, headers)
http.request(del)

# HTTParty.
HTTParty.post('https://api.assemblyai.com/v2/transcript', headers: headers, body: { audio_url: 'u', redact_pii: false, content_safety: true }.to_json) # want "aai-pii-redaction-missing"
HTTParty.get('https://api.assemblyai.com/v2/transcript/abc', headers: headers)

# A class that includes HTTParty with a base_uri.
class AssemblyClient
  include HTTParty
  base_uri 'https://api.assemblyai.com/v2'

  def create(url)
    self.class.post('/transcript', body: { audio_url: url, content_safety: true }.to_json) # want "aai-pii-redaction-missing"
  end
end

# Faraday with a base URL.
conn = Faraday.new(url: 'https://api.assemblyai.com', headers: headers)
conn.post('/v2/transcript', JSON.generate(audio_url: 'u', redact_pii: true, redact_pii_policies: ['person_name'], content_safety: true))
conn.post('/v2/transcript') do |req| # want "aai-pii-redaction-missing"
  req.body = { audio_url: 'u', content_safety: true }.to_json
end
conn.delete("/v2/transcript/#{id}")

# RestClient with a JSON string body.
RestClient.post('https://api.assemblyai.com/v2/transcript', '{"audio_url": "u", "redact_pii": true, "content_safety": true}', headers) # want "aai-pii-policies-missing"

# Another host is not AssemblyAI.
HTTParty.post('https://api.example.com/v2/transcript', body: { audio_url: 'u' }.to_json)
