<?php
// Reduction of AssemblyAI-Community/docs-snippets pii/file.php: cURL with
// the docs' PII example (redaction with policies, no content safety).
function create_transcript($api_token, $audio_url) {
    $url = "https://api.assemblyai.com/v2/transcript";
    $headers = array("authorization: " . $api_token, "content-type: application/json");
    $data = array(
        "audio_url" => $audio_url,
        "redact_pii" => true,
        "redact_pii_policies" => array("us_social_security_number", "credit_card_number")
    );
    $curl = curl_init($url);
    curl_setopt($curl, CURLOPT_POST, true);
    curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($data));
    curl_setopt($curl, CURLOPT_HTTPHEADER, $headers);
    curl_setopt($curl, CURLOPT_RETURNTRANSFER, true);
    $response = json_decode(curl_exec($curl), true); // want "aai-content-safety-missing" "aai-retention-no-deletion"
    curl_close($curl);
    return $response;
}
