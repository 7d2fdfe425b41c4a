<?php
// Fixture: Guzzle, Laravel's Http facade, Symfony HttpClient, WordPress.
use GuzzleHttp\Client;
use Illuminate\Support\Facades\Http;

const AAI_KEY = 'c5c5285779dea9a4833e676b2d04f46b'; // want "aai-hardcoded-key"

$client = new Client([
    'base_uri' => 'https://api.assemblyai.com/v2/',
    'headers' => ['Authorization' => AAI_KEY],
]);

$client->post('transcript', ['json' => ['audio_url' => 'u', 'redact_pii' => false, 'content_safety' => true]]); // want "aai-pii-redaction-missing"
$client->post('transcript', ['json' => ['audio_url' => 'u', 'redact_pii' => true, 'redact_pii_policies' => ['person_name'], 'content_safety' => true]]);
$client->request('POST', 'transcript', ['json' => ['audio_url' => 'u', 'redact_pii' => true, 'content_safety' => true]]); // want "aai-pii-policies-missing"
$client->delete("transcript/{$id}");

class Transcriber
{
    private $http;

    public function __construct()
    {
        $this->http = new Client(['base_uri' => 'https://api.assemblyai.com/v2/']);
    }

    // A helper called once with and once without redaction.
    public function submit(array $params)
    {
        return $this->http->post('transcript', ['json' => $params]); // want "aai-pii-redaction-missing"
    }

    public function run()
    {
        $this->submit(['audio_url' => 'u', 'redact_pii' => true, 'redact_pii_policies' => ['person_name'], 'content_safety' => true]);
        $this->submit(['audio_url' => 'u', 'content_safety' => true]);
    }

    // Parameters the file cannot show are not judged.
    public function unknown(array $p)
    {
        return $this->http->post('transcript', ['json' => $p]);
    }
}

// Laravel: the data array is sent as JSON.
$r = Http::withHeaders(['authorization' => env('ASSEMBLYAI_API_KEY')])->post('https://api.assemblyai.com/v2/transcript', [ // want "aai-pii-redaction-missing" "aai-webhook-auth-missing"
    'audio_url' => 'u',
    'content_safety' => true,
    'webhook_url' => 'https://example.com/hook',
]);
Http::withHeaders(['authorization' => env('ASSEMBLYAI_API_KEY')])->delete("https://api.assemblyai.com/v2/transcript/{$id}");

// Symfony HttpClient.
$httpClient->request('POST', 'https://api.assemblyai.com/v2/transcript', ['json' => ['audio_url' => 'u']]); // want "aai-pii-redaction-missing" "aai-content-safety-missing"

// WordPress.
wp_remote_post('https://api.assemblyai.com/v2/transcript', ['body' => json_encode(['audio_url' => 'u', 'redact_pii' => true, 'redact_pii_policies' => ['person_name'], 'content_safety' => true])]);

// Another host.
$other = new Client(['base_uri' => 'https://api.example.com/v2/']);
$other->post('transcript', ['json' => ['audio_url' => 'u']]);
