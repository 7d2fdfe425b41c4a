<?php
// Fixture: cURL as in AssemblyAI's PHP docs.
$api_key = getenv('ASSEMBLYAI_API_KEY');
$base_url = "https://api.assemblyai.com";
$headers = array("authorization: " . $api_key, "content-type: application/json");

// No redaction at all.
$data = array("audio_url" => "https://example.com/a.mp3");
$curl = curl_init($base_url . "/v2/transcript");
curl_setopt($curl, CURLOPT_POST, true);
curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($data));
curl_setopt($curl, CURLOPT_HTTPHEADER, $headers);
$response = json_decode(curl_exec($curl), true); // want "aai-pii-redaction-missing" "aai-content-safety-missing"

// The docs' PII example: redaction with policies.
$pii = array(
    "audio_url" => "https://example.com/a.mp3",
    "redact_pii" => true,
    "redact_pii_policies" => ["person_name", "phone_number"],
    "content_safety" => true,
);
$ch = curl_init();
curl_setopt_array($ch, [CURLOPT_URL => "$base_url/v2/transcript", CURLOPT_POST => true, CURLOPT_POSTFIELDS => json_encode($pii), CURLOPT_HTTPHEADER => $headers]);
curl_exec($ch);

// A commented-out option does not count, and a write after the array is applied.
$later = [
    'audio_url' => 'https://example.com/a.mp3',
    // 'redact_pii' => true,
    'content_safety' => true,
];
$later['speaker_labels'] = true;
$c2 = curl_init("https://api.assemblyai.com/v2/transcript");
curl_setopt_array($c2, [CURLOPT_POSTFIELDS => json_encode($later)]);
curl_exec($c2); // want "aai-pii-redaction-missing"

// Set under a condition: not known.
$cond = ['audio_url' => 'u', 'content_safety' => true];
if ($sensitive) {
    $cond['redact_pii'] = true;
}
$c3 = curl_init("https://api.assemblyai.com/v2/transcript");
curl_setopt($c3, CURLOPT_POSTFIELDS, json_encode($cond));
curl_exec($c3);

// Deleting a transcript.
$del = curl_init("https://api.assemblyai.com/v2/transcript/" . $id);
curl_setopt($del, CURLOPT_CUSTOMREQUEST, "DELETE");
curl_exec($del);

// A GET is not a transcription request.
$get = curl_init("https://api.assemblyai.com/v2/transcript/" . $id);
curl_exec($get);

// A literal key in the header list.
$h2 = array("authorization: d5b359914ab3e89e1da926e8635d5956"); // want "aai-hardcoded-key"
