<?php
// Written after the client shape of realhood/assemblyai-php (Packagist
// 1.0.0) as the team's reference notes describe it (a Guzzle client with
// base_uri https://api.assemblyai.com/v2/ and the key in a header; the
// package's source was not read): options passed in by the caller are
// unknown, the delete is retention evidence.
namespace App;

use GuzzleHttp\Client;

class AssemblyAi
{
    private Client $http;

    public function __construct(string $apiKey)
    {
        $this->http = new Client([
            'base_uri' => 'https://api.assemblyai.com/v2/',
            'headers' => ['Authorization' => $apiKey],
        ]);
    }

    public function transcribe(string $audioUrl, array $options = [])
    {
        $body = array_merge(['audio_url' => $audioUrl], $options);
        return $this->http->post('transcript', ['json' => $body]);
    }

    public function delete(string $id)
    {
        return $this->http->delete("transcript/{$id}");
    }
}
